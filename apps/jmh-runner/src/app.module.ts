import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '@keel/datasource';
import { ServiceRuntimeModule } from '@keel/service-runtime';
import type { JmhRunnerConfig } from './config';
import { JmhRunnerModule } from './requests/jmh-runner.module';
import { JMH_MIGRATIONS_TABLE, jmhMigrations } from './migrations/jmh.migration';

@Module({})
export class AppModule {
  static forRoot(config: JmhRunnerConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceRuntimeModule.forRoot({ service: 'jmh-runner', logLevel: config.LOG_LEVEL }),
        DatabaseModule.forRoot({
          role: 'platform',
          url: config.PLATFORM_DB_URL,
          migrations: jmhMigrations,
          migrationsTableName: JMH_MIGRATIONS_TABLE,
        }),
        JmhRunnerModule.forRoot(config),
      ],
    };
  }
}
