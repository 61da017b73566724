import { errorMessage } from '@keel/service-runtime';
import { defaultCoordinationLogger, type CoordinationLogger } from './coordination-logger';
import { JOBS_ROOT, jobPath } from './job-path';
import { jobInstanceMetadataSchema, type JobInstanceMetadata } from './job-registration';
import type { ZooKeeperConnection } from './zookeeper-connection';
import { isNoNode, type ZooKeeperSession } from './zookeeper-session';

/** One live instance of a job, as registered in ZooKeeper. */
export interface JobInstance {
  instance: string;
  path: string;
  /** null when the node's data is not Keel metadata (written by hand or by another tool). */
  metadata: JobInstanceMetadata | null;
}

/** A running watch; `stop()` ends it (ZooKeeper cannot remove a watch, its next firing is ignored). */
export interface JobWatch {
  stop(): void;
}

/** Reads and watches `/keel/jobs`: which jobs exist, which instances of each are alive. */
export class JobRegistry {
  private readonly logger: CoordinationLogger;

  constructor(
    private readonly connection: ZooKeeperConnection,
    logger?: CoordinationLogger,
  ) {
    this.logger = logger ?? defaultCoordinationLogger('JobRegistry');
  }

  /** Jobs that have (or had) instances: the children of `/keel/jobs`. */
  async jobs(): Promise<string[]> {
    try {
      return (await this.connection.session.children(JOBS_ROOT)).sort();
    } catch (error) {
      if (isNoNode(error)) return [];
      throw error;
    }
  }

  /** Instance names of a job, sorted; [] when the job never registered. */
  async instanceNames(job: string): Promise<string[]> {
    try {
      return (await this.connection.session.children(jobPath(job))).sort();
    } catch (error) {
      if (isNoNode(error)) return [];
      throw error;
    }
  }

  /** Live instances of a job with their metadata; an instance that goes while being read is left out. */
  async instances(job: string): Promise<JobInstance[]> {
    const session = this.connection.session;
    const names = await this.instanceNames(job);
    const read = await Promise.all(
      names.map((name) => readInstance(session, `${jobPath(job)}/${name}`, name)),
    );
    return read.filter((instance): instance is JobInstance => instance !== null);
  }

  /**
   * Calls `listener` with the instance names of a job now and at every change. The child watch is
   * one-shot, so it is re-armed at each firing, at each reconnect and in each new session; changes
   * that happen while disconnected are caught up when the watch is re-set.
   */
  watch(job: string, listener: (instances: string[]) => void): JobWatch {
    const folder = jobPath(job);
    let stopped = false;
    let generation = 0;

    const arm = async (): Promise<void> => {
      if (stopped) return;
      const mine = ++generation;
      const session = this.connection.session;
      try {
        await session.mkdirp(folder);
        const children = await session.children(folder, () => {
          // only the watch of the latest arming re-arms, so watches never multiply
          if (mine === generation) void arm();
        });
        if (!stopped && mine === generation) listener([...children].sort());
      } catch (error) {
        // a reconnect or a new session arms again
        if (!stopped) this.logger.debug?.(`watch of ${folder} not armed: ${errorMessage(error)}`);
      }
    };

    const offRenewed = this.connection.on('renewed', () => void arm());
    // the client re-sets watches itself on a reconnect to the same session; reading again only
    // refreshes the listener (and arms a fresh watch, superseding the old one)
    const offConnected = this.connection.on('connected', () => void arm());
    void arm();
    return {
      stop: () => {
        stopped = true;
        offRenewed();
        offConnected();
      },
    };
  }
}

async function readInstance(
  session: ZooKeeperSession,
  path: string,
  name: string,
): Promise<JobInstance | null> {
  let data: Buffer | undefined;
  try {
    data = await session.getData(path);
  } catch (error) {
    if (isNoNode(error)) return null;
    throw error;
  }
  return { instance: name, path, metadata: parseMetadata(data) };
}

/** The metadata of an instance node, or null when it is not Keel's JSON. */
export function parseMetadata(data: Buffer | undefined): JobInstanceMetadata | null {
  if (!data || data.length === 0) return null;
  try {
    const parsed = jobInstanceMetadataSchema.safeParse(JSON.parse(data.toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
