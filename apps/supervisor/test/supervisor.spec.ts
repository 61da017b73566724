import { JobRegistry, ZooKeeperConnection } from '@keel/coordination';
import { eventually, fixtureJobCommand, stackEnv, uniqueName } from '@keel/test-harness';
import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import {
  repoRoot,
  spawnFixtureJob,
  spawnSupervisor,
  tsNodeEnv,
  type SupervisorProcess,
} from './support/processes';

// Real ZooKeeper, PostgreSQL (keel_test) and processes: fixture jobs and supervisors run from source.
const SESSION_TIMEOUT_MS = 4_000;
const GRACE_MS = 1_000;
const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
const env = stackEnv();

interface RestartRow {
  job: string;
  reason: string;
  command: string[];
  exit_code: number | null;
  pid: number | null;
  leader_session: string;
}

describe('supervisor (real ZooKeeper, PostgreSQL and processes)', () => {
  let observer: ZooKeeperConnection;
  let registry: JobRegistry;
  let db: Client;
  const supervisors: SupervisorProcess[] = [];
  const jobs: ChildProcess[] = [];
  const jobNames: string[] = [];

  beforeAll(async () => {
    observer = await ZooKeeperConnection.open({ connectString: env.zookeeperConnect, logger: quiet });
    registry = new JobRegistry(observer, quiet);
    db = new Client({ connectionString: env.postgresUrl });
    await db.connect();
  });

  afterEach(async () => {
    supervisors.splice(0).forEach((s) => s.kill('SIGKILL'));
    jobs.splice(0).forEach((j) => j.exitCode === null && j.kill('SIGKILL'));
    // jobs the supervisors started are detached: find them by the pid in their registration
    for (const job of jobNames.splice(0)) {
      for (const instance of await registry.instances(job)) {
        const pid = instance.metadata?.pid;
        if (pid && instance.metadata?.role === 'fixture') {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
    }
  });

  afterAll(async () => {
    await observer.close();
    await db.end();
  });

  const restarts = async (job: string): Promise<RestartRow[]> =>
    (await db.query<RestartRow>('SELECT * FROM supervisor_restarts WHERE job = $1 ORDER BY id', [job])).rows;

  const livePids = async (job: string) =>
    (await registry.instances(job)).map((i) => i.metadata?.pid).filter((pid): pid is number => !!pid);

  function setUp() {
    const job = uniqueName('sup-job');
    jobNames.push(job);
    const election = uniqueName('sup-election');
    const jobEnv = {
      FIXTURE_JOB: job,
      FIXTURE_SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS),
      FIXTURE_LIFETIME_MS: '90000',
    };
    const supervisorEnv = {
      ZOOKEEPER_CONNECT: env.zookeeperConnect,
      ZOOKEEPER_SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS),
      PLATFORM_DB_URL: env.postgresUrl,
      SUPERVISOR_ELECTION: election,
      SUPERVISOR_JOB_NAME: `${election}-supervisor`,
      SUPERVISOR_BACKOFF_BASE_MS: '3000',
      SUPERVISOR_RESYNC_MS: '2000',
      SUPERVISOR_TICK_MS: '200',
      SUPERVISOR_JOBS: JSON.stringify([
        {
          name: job,
          minInstances: 1,
          restartCommand: fixtureJobCommand,
          graceMs: GRACE_MS,
          cwd: repoRoot,
          env: { ...tsNodeEnv, ...jobEnv },
        },
      ]),
    };
    return { job, election, jobEnv, supervisorEnv };
  }

  async function startJob(job: string, jobEnv: Record<string, string>): Promise<number> {
    const child = spawnFixtureJob(jobEnv);
    jobs.push(child);
    await eventually(async () => (await livePids(job)).includes(child.pid as number), {
      timeoutMs: 30_000,
      what: 'fixture job registered',
    });
    return child.pid as number;
  }

  const leaderOf = async (candidates: SupervisorProcess[]) =>
    eventually(
      async () => {
        const flags = await Promise.all(
          candidates.map((s) => s.metric('supervisor_is_leader').catch(() => undefined)),
        );
        return flags.filter((f) => f === 1).length === 1 && flags.every((f) => f !== undefined)
          ? candidates[flags.indexOf(1)]
          : undefined;
      },
      { timeoutMs: 60_000, what: 'exactly one leading supervisor' },
    );

  it('restarts a SIGKILLed job within 10 s of its session timeout and records the restart', async () => {
    const { job, jobEnv, supervisorEnv } = setUp();
    const original = await startJob(job, jobEnv);
    const supervisor = await spawnSupervisor(supervisorEnv);
    supervisors.push(supervisor);
    await leaderOf([supervisor]);
    await eventually(async () => (await supervisor.metric('supervisor_live_instances', { job })) === 1, {
      what: 'supervisor sees the job',
    });

    process.kill(original, 'SIGKILL');
    const killedAt = Date.now();
    const [restarted] = await eventually(
      async () => {
        const pids = (await livePids(job)).filter((pid) => pid !== original);
        return pids.length === 1 ? pids : undefined;
      },
      { timeoutMs: SESSION_TIMEOUT_MS + 10_000, intervalMs: 50, what: 'job restarted and registered' },
    );
    const backAfterMs = Date.now() - killedAt;
    const rows = await eventually(async () => ((await restarts(job)).length ? restarts(job) : undefined), {
      what: 'restart row',
    });
    console.log(
      `SIGKILL -> restarted job registered again after ${backAfterMs} ms ` +
        `(session timeout ${SESSION_TIMEOUT_MS} ms, grace ${GRACE_MS} ms, ts-node start included)`,
    );
    expect(backAfterMs).toBeLessThan(SESSION_TIMEOUT_MS + 10_000);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ job, command: fixtureJobCommand, pid: restarted, exit_code: null });
    expect(rows[0]?.reason).toMatch(/0 of 1 instances live for \d+ ms \(grace 1000 ms\); restart #1/);
    expect(await supervisor.metric('supervisor_restarts_total', { job })).toBe(1);
  });

  it('with two supervisors restarts a dead job exactly once, and the follower takes over from a dead leader', async () => {
    const { job, jobEnv, supervisorEnv } = setUp();
    const original = await startJob(job, jobEnv);
    const pair = [await spawnSupervisor(supervisorEnv), await spawnSupervisor(supervisorEnv)];
    supervisors.push(...pair);
    const leader = await leaderOf(pair);
    const follower = pair.find((s) => s !== leader) as SupervisorProcess;
    for (const s of pair) {
      await eventually(async () => (await s.metric('supervisor_live_instances', { job })) === 1, {
        what: 'both supervisors see the job',
      });
    }

    process.kill(original, 'SIGKILL');
    await eventually(async () => (await livePids(job)).some((pid) => pid !== original), {
      timeoutMs: SESSION_TIMEOUT_MS + 10_000,
      what: 'job restarted',
    });
    // both supervisors saw it back: from here on neither has a reason to restart it
    for (const s of pair) {
      await eventually(async () => (await s.metric('supervisor_live_instances', { job })) === 1, {
        what: 'both supervisors see the restarted job',
      });
    }
    const first = await restarts(job);
    expect(first).toHaveLength(1);
    expect(await leader.metric('supervisor_restarts_total', { job })).toBe(1);
    expect(await follower.metric('supervisor_restarts_total', { job })).toBeUndefined();

    // the leader dies; the follower is elected once the leader's session times out
    leader.kill('SIGKILL');
    const leaderKilledAt = Date.now();
    await eventually(async () => (await follower.metric('supervisor_is_leader')) === 1, {
      timeoutMs: SESSION_TIMEOUT_MS + 10_000,
      what: 'follower elected',
    });
    console.log(`follower supervisor elected ${Date.now() - leaderKilledAt} ms after the leader's SIGKILL`);

    const [second] = await livePids(job);
    process.kill(second as number, 'SIGKILL');
    await eventually(async () => (await livePids(job)).some((pid) => pid !== second), {
      timeoutMs: SESSION_TIMEOUT_MS + 10_000,
      what: 'job restarted by the new leader',
    });
    await eventually(async () => (await follower.metric('supervisor_live_instances', { job })) === 1, {
      what: 'new leader sees the restarted job',
    });
    const all = await restarts(job);
    expect(all).toHaveLength(2);
    expect(all[1]?.leader_session).not.toBe(all[0]?.leader_session);
    expect(all[1]?.reason).toMatch(/restart #2/); // the new leader took over the backoff state
  });
});
