import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import {
  JobRegistry,
  LeaderElections,
  ZooKeeperConnection,
  isNoNode,
  isNodeExists,
  type JobWatch,
  type LeaderElection,
} from '@keel/coordination';
import { errorMessage } from '@keel/service-runtime';
import type { ExpectedJob } from './expected-jobs';
import { startRestartCommand } from './restart-command';
import {
  adoptRecordedRestart,
  decideRestart,
  initialSupervisionState,
  type JobSupervisionState,
  type RestartBackoff,
} from './restart-policy';
import { SupervisorRestartStore } from './supervisor-restart.store';
import { supervisorMetrics } from './supervisor.metrics';

export interface SupervisionOptions {
  jobs: ExpectedJob[];
  election: string;
  backoff: RestartBackoff;
  resyncMs: number;
  tickMs: number;
}

export const SUPERVISION_OPTIONS = 'keel:supervisor:options';

/** What the leader writes before each restart, so its successor knows (`/keel/supervisor/...`). */
interface RestartRecord {
  attempt: number;
  lastRestartAtMs: number;
  leaderSession: string;
}

/**
 * Watches every expected job in the registry and, as the elected leader only, restarts a job that
 * stayed below its minimum for longer than its grace period, with backoff. Followers watch too, so
 * a follower that takes over already knows since when a job is missing.
 */
@Injectable()
export class SupervisorService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Supervisor');
  private readonly live = new Map<string, number>();
  private readonly states = new Map<string, JobSupervisionState>();
  private readonly watches: JobWatch[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private election: LeaderElection | undefined;
  private leaderReady = false;
  private evaluating = false;
  private stopped = false;
  private readonly metrics = {
    restarts: supervisorMetrics.restarts(),
    live: supervisorMetrics.liveInstances(),
    isLeader: supervisorMetrics.isLeader(),
  };

  constructor(
    @Inject(SUPERVISION_OPTIONS) private readonly options: SupervisionOptions,
    private readonly history: SupervisorRestartStore,
    private readonly connection: ZooKeeperConnection,
    private readonly registry: JobRegistry,
    private readonly elections: LeaderElections,
  ) {}

  /** True while this supervisor leads and has loaded its predecessor's restart records. */
  isActiveLeader(): boolean {
    return this.leaderReady && (this.election?.isLeader() ?? false);
  }

  /** The expected jobs with the live instance counts last seen (null: not read yet), for the RPC status. */
  expectedJobs(): { name: string; minInstances: number; live: number | null }[] {
    return this.options.jobs.map((job) => ({
      name: job.name,
      minInstances: job.minInstances,
      live: this.live.get(job.name) ?? null,
    }));
  }

  async onApplicationBootstrap(): Promise<void> {
    this.metrics.isLeader.set(0);
    for (const job of this.options.jobs) {
      this.states.set(job.name, initialSupervisionState());
      this.watches.push(
        this.registry.watch(job.name, (instances) => {
          this.observe(job.name, instances.length);
          void this.evaluate();
        }),
      );
    }
    this.timers.push(
      setInterval(() => void this.resync(), this.options.resyncMs),
      setInterval(() => void this.evaluate(), this.options.tickMs),
    );
    this.election = await this.elections.join(this.options.election, {
      onElected: () => this.takeOver(),
      onRevoked: (reason) => {
        this.leaderReady = false;
        this.metrics.isLeader.set(0);
        this.logger.warn(`no longer the leader (${reason}): restarts stop here`);
      },
    });
    this.logger.log(
      `supervising ${this.options.jobs.map((j) => `${j.name}>=${j.minInstances}`).join(', ') || 'nothing'}`,
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.timers.splice(0).forEach(clearInterval);
    this.watches.splice(0).forEach((watch) => watch.stop());
    this.leaderReady = false;
  }

  private observe(job: string, live: number): void {
    this.live.set(job, live);
    this.metrics.live.set({ job }, live);
  }

  private async resync(): Promise<void> {
    if (!this.connection.isConnected()) return;
    for (const job of this.options.jobs) {
      try {
        this.observe(job.name, (await this.registry.instanceNames(job.name)).length);
      } catch (error) {
        this.logger.warn(`resync of ${job.name} failed: ${errorMessage(error)}`);
      }
    }
    await this.evaluate();
  }

  private async takeOver(): Promise<void> {
    for (const job of this.options.jobs) {
      const record = await this.readRecord(job.name);
      if (record) this.states.set(job.name, adoptRecordedRestart(this.stateOf(job.name), record));
    }
    this.leaderReady = true;
    this.metrics.isLeader.set(1);
    this.logger.log(
      `elected: this supervisor now restarts what vanishes (session ${this.connection.sessionId})`,
    );
    await this.resync();
  }

  private stateOf(job: string): JobSupervisionState {
    return this.states.get(job) ?? initialSupervisionState();
  }

  /** One pass over every job; passes never overlap (a restart awaits ZooKeeper and the DB). */
  private async evaluate(): Promise<void> {
    if (this.evaluating || this.stopped) return;
    this.evaluating = true;
    try {
      for (const job of this.options.jobs) {
        const live = this.live.get(job.name);
        if (live === undefined) continue; // not observed yet
        const previous = this.stateOf(job.name);
        const decision = decideRestart(job, previous, live, Date.now(), this.options.backoff);
        if (decision.action !== 'restart') {
          this.states.set(job.name, decision.state);
          continue;
        }
        // a follower only remembers since when the job is short
        this.states.set(job.name, {
          ...previous,
          belowSinceMs: previous.belowSinceMs ?? Date.now(),
          healthySinceMs: null,
        });
        if (!this.isActiveLeader()) continue;
        await this.restart(job, decision.state, decision.reason, decision.attempt);
      }
    } catch (error) {
      this.logger.error(`supervision pass failed: ${errorMessage(error)}`);
    } finally {
      this.evaluating = false;
    }
  }

  private async restart(
    job: ExpectedJob,
    next: JobSupervisionState,
    reason: string,
    attempt: number,
  ): Promise<void> {
    // ask ZooKeeper, not our cache: are we still the leader, and is the job still short?
    if (!(await this.election?.confirmLeadership())) return;
    const live = (await this.registry.instanceNames(job.name)).length;
    this.observe(job.name, live);
    if (live >= job.minInstances) return;

    const leaderSession = this.connection.sessionId;
    // fenced: the record is written, in one ZooKeeper multi-op, only while our election node still
    // exists; a leader that lost its session or its place since it confirmed does not restart
    const fenced = await this.writeRecord(job.name, {
      attempt,
      lastRestartAtMs: next.lastRestartAtMs ?? Date.now(),
      leaderSession,
    });
    if (!fenced) {
      this.logger.warn(`not restarting ${job.name}: leadership lost between confirming and restarting`);
      return;
    }
    this.states.set(job.name, next);
    const started = startRestartCommand(job);
    this.metrics.restarts.inc({ job: job.name });
    const row = await this.history.record({
      job: job.name,
      reason,
      command: job.restartCommand,
      pid: started.pid,
      exitCode: null,
      leaderSession,
    });
    this.logger.warn(`restarted ${job.name} (pid ${started.pid ?? '-'}): ${reason}`);
    void started.exit.then(async (exitCode) => {
      try {
        await this.history.exited(row.id, exitCode);
      } catch (error) {
        this.logger.warn(`could not record exit ${exitCode} of restart ${row.id}: ${errorMessage(error)}`);
      }
      if (exitCode !== 0) this.logger.warn(`restart command of ${job.name} exited with ${exitCode}`);
    });
  }

  private recordPath(job: string): string {
    return `/keel/supervisor/${this.options.election}/restarts/${job}`;
  }

  private async readRecord(job: string): Promise<RestartRecord | null> {
    try {
      const data = await this.connection.session.getData(this.recordPath(job));
      const record = data?.length ? (JSON.parse(data.toString('utf8')) as Partial<RestartRecord>) : null;
      return record && typeof record.attempt === 'number' && typeof record.lastRestartAtMs === 'number'
        ? (record as RestartRecord)
        : null;
    } catch (error) {
      if (isNoNode(error)) return null;
      throw error;
    }
  }

  /** Writes the restart record as the leader only (fenced); false when no longer the leader. */
  private async writeRecord(job: string, record: RestartRecord): Promise<boolean> {
    const session = this.connection.session;
    const path = this.recordPath(job);
    const data = Buffer.from(JSON.stringify(record));
    if (!(await session.exists(path))) {
      await session.mkdirp(path.slice(0, path.lastIndexOf('/')));
      try {
        await session.create(path, Buffer.alloc(0), 0);
      } catch (createError) {
        if (!isNodeExists(createError)) throw createError;
      }
    }
    return this.election?.writeAsLeader(path, data) ?? false;
  }
}
