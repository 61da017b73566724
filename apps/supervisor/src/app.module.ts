import { DynamicModule, Module } from '@nestjs/common';
import { CoordinationModule } from '@keel/coordination';
import { ServiceRuntimeModule } from '@keel/service-runtime';
import type { SupervisorConfig } from './config';
import { SupervisionModule } from './supervision/supervision.module';

@Module({})
export class AppModule {
  static forRoot(config: SupervisorConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceRuntimeModule.forRoot({ service: 'supervisor', logLevel: config.LOG_LEVEL }),
        CoordinationModule.forRoot({
          connectString: config.ZOOKEEPER_CONNECT.join(','),
          job: config.SUPERVISOR_JOB_NAME,
          role: 'supervisor',
          sessionTimeoutMs: config.ZOOKEEPER_SESSION_TIMEOUT_MS,
        }),
        SupervisionModule.forRoot({
          platformDbUrl: config.PLATFORM_DB_URL,
          jobs: config.jobs,
          election: config.SUPERVISOR_ELECTION,
          backoff: {
            baseMs: config.SUPERVISOR_BACKOFF_BASE_MS,
            maxMs: Math.max(config.SUPERVISOR_BACKOFF_MAX_MS, config.SUPERVISOR_BACKOFF_BASE_MS),
            resetAfterMs: config.SUPERVISOR_BACKOFF_RESET_MS,
          },
          resyncMs: config.SUPERVISOR_RESYNC_MS,
          tickMs: config.SUPERVISOR_TICK_MS,
        }),
      ],
    };
  }
}
