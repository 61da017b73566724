import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '@keel/datasource';
import { SupervisorRpcController } from './supervisor-rpc.controller';
import { supervisorMigrations } from './migrations/create-supervisor-restarts.migration';
import { SUPERVISION_OPTIONS, SupervisorService, type SupervisionOptions } from './supervisor.service';
import { SupervisorRestart } from './supervisor-restart.entity';

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
      providers: [{ provide: SUPERVISION_OPTIONS, useValue: options }, SupervisorService],
      exports: [SupervisorService],
    };
  }
}
