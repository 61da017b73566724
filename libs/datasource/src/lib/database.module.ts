import {
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { ReadinessRegistry } from '@keel/service-runtime';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { dataSourceOptionsFromUrl, redactUrl } from './datasource-options';
import { dataSourceProbe } from './datasource-probe';
import { runMigrationsLocked } from './migration-lock';
import { QueryCountingLogger } from './query-counter';

/** The platform DB (PostgreSQL: batch history, inventory, benchmarks) or a shop DB (the catalogue). */
export type DatabaseRole = 'platform' | 'shop';

export const dataSourceToken = (role: DatabaseRole) => `keel:datasource:${role}`;

/** Inject the DataSource of a role: `constructor(@InjectDataSource('shop') shop: DataSource)`. */
export const InjectDataSource = (role: DatabaseRole) => Inject(dataSourceToken(role));

export interface DatabaseModuleOptions {
  role: DatabaseRole;
  url: string;
  entities?: DataSourceOptions['entities'];
  migrations?: DataSourceOptions['migrations'];
  /** Each app keeps its own migrations table, so apps sharing the platform DB never trip on each other. */
  migrationsTableName?: string;
  poolSize?: number;
}

@Injectable()
class DataSourceLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('DatabaseModule');

  constructor(
    private readonly role: DatabaseRole,
    private readonly url: string,
    private readonly dataSource: DataSource,
    private readonly readiness: ReadinessRegistry,
  ) {}

  async onModuleInit() {
    this.readiness.register(`${this.role}-db`, dataSourceProbe(this.dataSource));
    try {
      await this.dataSource.initialize();
      // an app's own tables are created before it serves: pending migrations run at start-up, one
      // process at a time (apps and replicas start together against a fresh database)
      const ran = await runMigrationsLocked(this.dataSource);
      if (ran.length) this.logger.log(`${this.role} DB: ran migrations ${ran.map((m) => m.name).join(', ')}`);
    } catch (error) {
      throw new Error(
        `cannot connect to (or migrate) the ${this.role} DB at ${redactUrl(this.url)}: ${(error as Error).message}`,
      );
    }
  }

  async onApplicationShutdown() {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** Connects one relational DB at start-up (failing fast with its redacted URL) and reports its readiness. */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    const token = dataSourceToken(options.role);
    return {
      module: DatabaseModule,
      global: true,
      providers: [
        {
          provide: token,
          useFactory: () =>
            new DataSource({
              ...dataSourceOptionsFromUrl(options.url, {
                entities: options.entities,
                migrations: options.migrations,
                poolSize: options.poolSize,
              }),
              migrationsTableName: options.migrationsTableName,
              logger: new QueryCountingLogger(options.role),
            }),
        },
        {
          provide: `${token}:lifecycle`,
          inject: [token, ReadinessRegistry],
          useFactory: (dataSource: DataSource, readiness: ReadinessRegistry) =>
            new DataSourceLifecycle(options.role, options.url, dataSource, readiness),
        },
      ],
      exports: [token],
    };
  }
}
