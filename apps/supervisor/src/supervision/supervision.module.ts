import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule, dataSourceToken } from '@keel/datasource';
import type { DataSource } from 'typeorm';
import { SupervisorRpcController } from './supervisor-rpc.controller';
import { supervisorMigrations } from './migrations/create-supervisor-restarts.migration';
import { SUPERVISION_OPTIONS, SupervisorService, type SupervisionOptions } from './supervisor.service';
import { SupervisorRestart } from './supervisor-restart.entity';
import { SupervisorRestartStore } from './supervisor-restart.store';

@Module({})
export class SupervisionModule {
  static forRoot(options: SupervisionOptions & { platformDbUrl: string }): DynamicModule {
    return {
      module: SupervisionModule,
      imports: [
        DatabaseModule.forRoot({
          role: 'platform',
          url: options.platformDbUrl,
          entities: [SupervisorRestart],
          migrations: supervisorMigrations,
        }),
      ],
      controllers: [SupervisorRpcController],
      providers: [
        { provide: SUPERVISION_OPTIONS, useValue: options },
        {
          provide: SupervisorRestartStore,
          inject: [dataSourceToken('platform')],
          useFactory: (db: DataSource) => new SupervisorRestartStore(db),
        },
        SupervisorService,
      ],
      exports: [SupervisorService, SupervisorRestartStore],
    };
  }
}
