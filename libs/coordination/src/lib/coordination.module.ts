import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { ReadinessRegistry } from '@keel/service-runtime';
import { withLock, type LockOptions } from './distributed-lock';
import { JobRegistration, type JobHealth } from './job-registration';
import { JobRegistry } from './job-registry';
import { LeaderElection, type LeaderElectionCallbacks } from './leader-election';
import { ZooKeeperConnection, connectionProbe } from './zookeeper-connection';

export interface CoordinationModuleOptions {
  /** e.g. `127.0.0.1:2181` (ZOOKEEPER_CONNECT). */
  connectString: string;
  /** The job this process is an instance of: `/keel/jobs/<job>/<instance>`. */
  job: string;
  /** e.g. `worker`, `scheduler`; stored in the instance metadata. Default `worker`. */
  role?: string;
  version?: string;
  /** Default 10 000 ms; the local server grants 4 000–40 000 ms. */
  sessionTimeoutMs?: number;
  /** How long start-up waits for the first session before failing. Default 15 000 ms. */
  connectTimeoutMs?: number;
}

export const COORDINATION_OPTIONS = 'keel:coordination:options';

/** Leader elections of this process; all are left on shutdown, before the session closes. */
@Injectable()
export class LeaderElections implements BeforeApplicationShutdown {
  private readonly elections = new Set<LeaderElection>();

  constructor(private readonly connection: ZooKeeperConnection) {}

  /** Joins `/keel/elections/<name>`; resolves once queued (`onElected` may already have run). */
  async join(name: string, callbacks: LeaderElectionCallbacks = {}): Promise<LeaderElection> {
    const election = new LeaderElection(this.connection, { name, ...callbacks });
    this.elections.add(election);
    await election.start();
    return election;
  }

  async leave(election: LeaderElection): Promise<void> {
    this.elections.delete(election);
    await election.stop();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.elections].map((election) => this.leave(election)));
  }
}

/** Distributed locks under `/keel/locks/<name>`. */
@Injectable()
export class DistributedLocks {
  constructor(private readonly connection: ZooKeeperConnection) {}

  withLock<T>(name: string, fn: (signal: AbortSignal) => Promise<T> | T, options?: LockOptions): Promise<T> {
    return withLock(this.connection, name, fn, options);
  }
}

/** Registers this process at start (readiness `zookeeper`), unregisters and closes on shutdown. */
@Injectable()
export class CoordinationLifecycle implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Coordination');

  constructor(
    private readonly connection: ZooKeeperConnection,
    readonly registration: JobRegistration,
    readiness: ReadinessRegistry,
  ) {
    readiness.register('zookeeper', connectionProbe(connection));
  }

  async onModuleInit(): Promise<void> {
    const path = await this.registration.register();
    this.logger.log(`job instance ${path} registered`);
  }

  setHealth(health: JobHealth): Promise<void> {
    return this.registration.setHealth(health);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.registration.unregister();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

/**
 * One import gives an app its ZooKeeper session, its job registration, elections, locks and the
 * registry: `CoordinationModule.forRoot({ connectString: config.ZOOKEEPER_CONNECT, job: 'indexer-batch' })`.
 */
@Global()
@Module({})
export class CoordinationModule {
  static forRoot(options: CoordinationModuleOptions): DynamicModule {
    return {
      module: CoordinationModule,
      providers: [
        { provide: COORDINATION_OPTIONS, useValue: options },
        {
          provide: ZooKeeperConnection,
          useFactory: async () => {
            try {
              return await ZooKeeperConnection.open({
                connectString: options.connectString,
                sessionTimeoutMs: options.sessionTimeoutMs ?? 10_000,
                connectTimeoutMs: options.connectTimeoutMs ?? 15_000,
              });
            } catch (error) {
              throw new Error(
                `cannot connect to ZooKeeper at ${options.connectString}: ${(error as Error).message}`,
              );
            }
          },
        },
        {
          provide: JobRegistration,
          inject: [ZooKeeperConnection],
          useFactory: (connection: ZooKeeperConnection) =>
            new JobRegistration(connection, {
              job: options.job,
              role: options.role,
              version: options.version,
            }),
        },
        {
          provide: JobRegistry,
          inject: [ZooKeeperConnection],
          useFactory: (connection: ZooKeeperConnection) => new JobRegistry(connection),
        },
        {
          provide: LeaderElections,
          inject: [ZooKeeperConnection],
          useFactory: (connection: ZooKeeperConnection) => new LeaderElections(connection),
        },
        {
          provide: DistributedLocks,
          inject: [ZooKeeperConnection],
          useFactory: (connection: ZooKeeperConnection) => new DistributedLocks(connection),
        },
        {
          provide: CoordinationLifecycle,
          inject: [ZooKeeperConnection, JobRegistration, ReadinessRegistry],
          useFactory: (
            connection: ZooKeeperConnection,
            registration: JobRegistration,
            readiness: ReadinessRegistry,
          ) => new CoordinationLifecycle(connection, registration, readiness),
        },
      ],
      exports: [
        COORDINATION_OPTIONS,
        ZooKeeperConnection,
        JobRegistration,
        JobRegistry,
        LeaderElections,
        DistributedLocks,
      ],
    };
  }
}

/** Inject the module options: `constructor(@InjectCoordinationOptions() options: CoordinationModuleOptions)`. */
export const InjectCoordinationOptions = () => Inject(COORDINATION_OPTIONS);
