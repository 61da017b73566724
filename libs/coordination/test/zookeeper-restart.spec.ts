import { JobRegistry, ZooKeeperConnection, electionPath } from '../src';
import { eventually, type JobProcess, spawnJobProcess, stackEnv, uniqueName } from '@keel/test-harness';
import { restartZooKeeper, zooKeeperServing } from './support/zookeeper-server';

// Stops the shared local ZooKeeper for about a second: set KEEL_TEST_ZK_RESTART=0 to skip when other
// suites must not see that blip. The server is always running again when this file ends.
const enabled = (process.env['KEEL_TEST_ZK_RESTART'] ?? '1') !== '0';
const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

(enabled ? describe : describe.skip)('a ZooKeeper restart (real server, stopped and started)', () => {
  const processes: JobProcess[] = [];
  let observer: ZooKeeperConnection | undefined;

  afterAll(async () => {
    processes.forEach((p) => p.kill());
    await observer?.close();
    await eventually(() => zooKeeperServing(), {
      timeoutMs: 30_000,
      what: 'ZooKeeper serving after the test',
    });
  });

  it('ends with every job registered again and exactly one leader', async () => {
    const job = uniqueName('restart');
    const election = uniqueName('restart-election');
    // 10 s sessions: reconnected to the same session the ephemeral nodes never go
    for (let i = 0; i < 3; i++) {
      processes.push(
        spawnJobProcess({
          FIXTURE_JOB: job,
          FIXTURE_ELECTION: election,
          FIXTURE_SESSION_TIMEOUT_MS: '10000',
        }),
      );
    }
    observer = await ZooKeeperConnection.open({ connectString: stackEnv().zookeeperConnect, logger: quiet });
    const registry = new JobRegistry(observer, quiet);
    await eventually(async () => (await registry.instanceNames(job)).length === 3, {
      timeoutMs: 30_000,
      what: 'three instances',
    });
    await eventually(() => processes.filter((p) => p.has('elected')).length === 1, { what: 'one leader' });
    const before = await registry.instanceNames(job);

    const { downtimeMs } = await restartZooKeeper();
    console.log(`ZooKeeper restarted: not serving for ${downtimeMs} ms`);

    const observerNow = observer;
    await eventually(() => observerNow.isConnected(), { timeoutMs: 20_000, what: 'observer reconnected' });
    const after = await eventually(
      async () => {
        const names = await registry.instanceNames(job);
        return names.length === 3 ? names : undefined;
      },
      { timeoutMs: 20_000, what: 'every job registered again' },
    );
    // same session: the same nodes, nothing re-created, no new session
    expect(after).toEqual(before);
    expect(processes.some((p) => p.has('renewed'))).toBe(false);
    const queue = await observer.session.children(electionPath(election));
    expect(queue).toHaveLength(3);
    await eventually(
      () => {
        const leaders = processes.filter((p) => {
          const last = p.events.filter((e) => e.event === 'elected' || e.event === 'revoked').at(-1);
          return last?.event === 'elected';
        });
        return leaders.length === 1;
      },
      { timeoutMs: 15_000, what: 'exactly one leader' },
    );
  });
});
