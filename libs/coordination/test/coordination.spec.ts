import {
  JobRegistration,
  JobRegistry,
  LeaderElection,
  LockTimeout,
  ZooKeeperConnection,
  ZooKeeperSession,
  electionPath,
  jobPath,
  withLock,
} from '../src';
import {
  eventNames,
  eventually,
  type JobProcess,
  spawnJobProcess,
  stackEnv,
  uniqueName,
} from '@keel/test-harness';

// Real ZooKeeper, real processes. Session timeout 4 s: the smallest the local server grants.
const SESSION_TIMEOUT_MS = 4_000;
const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
const connectString = stackEnv().zookeeperConnect;

const open = () =>
  ZooKeeperConnection.open({ connectString, sessionTimeoutMs: SESSION_TIMEOUT_MS, logger: quiet });

describe('coordination (real ZooKeeper)', () => {
  const connections: ZooKeeperConnection[] = [];
  const processes: JobProcess[] = [];
  const connect = async () => {
    const connection = await open();
    connections.push(connection);
    return connection;
  };

  afterEach(async () => {
    processes.splice(0).forEach((job) => job.kill());
    await Promise.all(connections.splice(0).map((c) => c.close()));
  });

  it('registers a job instance with its metadata and removes it on unregister', async () => {
    const job = uniqueName('reg');
    const connection = await connect();
    const registry = new JobRegistry(await connect(), quiet);
    const registration = new JobRegistration(connection, {
      job,
      role: 'scheduler',
      version: '2.1.0',
      logger: quiet,
    });
    const path = await registration.register();
    expect(path).toMatch(new RegExp(`^${jobPath(job)}/[a-z0-9.-]+-${process.pid}-[0-9a-f]{6}-\\d{10}$`));

    const [instance] = await registry.instances(job);
    expect(instance?.metadata).toMatchObject({
      job,
      role: 'scheduler',
      version: '2.1.0',
      pid: process.pid,
      health: 'ok',
      sessionId: connection.sessionId,
    });
    await registration.setHealth('degraded');
    expect((await registry.instances(job))[0]?.metadata?.health).toBe('degraded');

    await registration.unregister();
    expect(await registry.instanceNames(job)).toEqual([]);
  });

  it('sees a SIGKILLed job process vanish within the session timeout, through a re-armed watch', async () => {
    const job = uniqueName('killed');
    const registry = new JobRegistry(await connect(), quiet);
    const seen: number[] = [];
    const watch = registry.watch(job, (names) => seen.push(names.length));
    try {
      const first = spawnJobProcess({ FIXTURE_JOB: job });
      const second = spawnJobProcess({ FIXTURE_JOB: job });
      processes.push(first, second);
      await eventually(() => seen.at(-1) === 2, { timeoutMs: 30_000, what: 'two instances watched' });

      first.kill('SIGKILL');
      const killedAt = Date.now();
      await eventually(() => seen.at(-1) === 1, {
        timeoutMs: SESSION_TIMEOUT_MS + 5_000,
        what: 'instance gone',
      });
      const goneAfterMs = Date.now() - killedAt;
      console.log(
        `SIGKILLed instance gone from the registry after ${goneAfterMs} ms (session timeout 4000 ms)`,
      );
      expect(goneAfterMs).toBeLessThan(SESSION_TIMEOUT_MS + 3_000);

      second.kill('SIGTERM'); // a clean exit unregisters at once
      await eventually(() => seen.at(-1) === 0, { timeoutMs: 3_000, what: 'SIGTERMed instance gone' });
    } finally {
      watch.stop();
    }
  });

  it('elects exactly one of two processes and fails over when the leader is SIGKILLed', async () => {
    const job = uniqueName('elect');
    const election = uniqueName('election');
    const a = spawnJobProcess({ FIXTURE_JOB: job, FIXTURE_ELECTION: election });
    const b = spawnJobProcess({ FIXTURE_JOB: job, FIXTURE_ELECTION: election });
    processes.push(a, b);
    const registry = new JobRegistry(await connect(), quiet);
    await eventually(async () => (await registry.instanceNames(job)).length === 2, {
      timeoutMs: 30_000,
      what: 'both participants up',
    });
    const leader = await eventually(() => (a.has('elected') ? a : b.has('elected') ? b : undefined), {
      what: 'a leader',
    });
    const follower = leader === a ? b : a;
    // the follower is queued too: two participants, one leader
    const observer = await connect();
    expect(await observer.session.children(electionPath(election))).toHaveLength(2);
    expect(follower.has('elected')).toBe(false);

    leader.kill('SIGKILL');
    const killedAt = Date.now();
    await eventually(() => follower.has('elected'), {
      timeoutMs: SESSION_TIMEOUT_MS + 5_000,
      what: 'takeover',
    });
    console.log(`follower elected ${Date.now() - killedAt} ms after the leader's SIGKILL`);
    expect(eventNames(follower)).toEqual(['registered', 'elected']);
  });

  it('hands leadership to the next in line only (three sessions, leaders close one after another)', async () => {
    const name = uniqueName('chain');
    const elected: string[] = [];
    const participants = await Promise.all(
      ['first', 'second', 'third'].map(async (label) => {
        const connection = await connect();
        const election = new LeaderElection(connection, {
          name,
          logger: quiet,
          onElected: () => void elected.push(label),
        });
        return { label, connection, election };
      }),
    );
    for (const p of participants) await p.election.start(); // queue in this order
    await eventually(() => elected.length === 1, { what: 'first leader' });
    expect(elected).toEqual(['first']);
    expect(participants.map((p) => p.election.isLeader())).toEqual([true, false, false]);
    expect(await participants[2]?.election.currentLeader()).toBe(participants[0]?.election.node);

    await participants[0]?.connection.close();
    await eventually(() => elected.length === 2, { what: 'second leader' });
    await participants[1]?.election.stop();
    await eventually(() => elected.length === 3, { what: 'third leader' });
    expect(elected).toEqual(['first', 'second', 'third']);
    expect(await participants[2]?.election.confirmLeadership()).toBe(true);
  });

  it('fences a leader: its write fails once its election node is gone, however it still thinks it leads', async () => {
    const name = uniqueName('fence');
    const leader = await connect();
    const election = new LeaderElection(leader, { name, logger: quiet });
    await election.start();
    await eventually(() => election.isLeader(), { what: 'leader' });
    const record = `/keel/test-fence/${name}`;
    await leader.session.mkdirp(record);
    expect(await election.confirmLeadership()).toBe(true);
    expect(await election.writeAsLeader(record, Buffer.from('first'))).toBe(true);

    // between confirming and acting, another session removes the node (as an expiry would)
    const other = await connect();
    await other.session.remove(`/keel/elections/${name}/${election.node}`);
    expect(await election.writeAsLeader(record, Buffer.from('second'))).toBe(false);
    expect((await other.session.getData(record))?.toString()).toBe('first');
    await other.session.remove(record);
  });

  it('after a session expiry opens a new session, registers again and re-joins the election', async () => {
    const job = uniqueName('expiry');
    const name = uniqueName('expiry-election');
    const connection = await connect();
    const events: string[] = [];
    connection.on('expired', () => events.push('expired'));
    connection.on('renewed', () => events.push('renewed'));
    const registration = new JobRegistration(connection, { job, logger: quiet });
    const oldPath = await registration.register();
    const election = new LeaderElection(connection, {
      name,
      logger: quiet,
      onElected: () => void events.push('elected'),
      onRevoked: (reason) => void events.push(`revoked:${reason}`),
    });
    await election.start();
    await eventually(() => election.isLeader(), { what: 'leader before expiry' });
    const oldSessionId = connection.sessionId;

    // Expire the session for real: attach a second client to it and close that one. The original
    // client may win the session back before the close lands, so try until the expiry is seen.
    const credentials = {
      sessionId: connection.session.client.getSessionId(),
      sessionPassword: connection.session.client.getSessionPassword(),
    };
    await eventually(
      async () => {
        if (events.includes('expired')) return true;
        const hijack = await ZooKeeperSession.connect({
          connectString,
          sessionTimeoutMs: SESSION_TIMEOUT_MS,
          ...credentials,
        });
        await hijack.close();
        return events.includes('expired');
      },
      { timeoutMs: 15_000, intervalMs: 200, what: 'session expired' },
    );
    await eventually(() => events.includes('renewed'), { timeoutMs: 15_000, what: 'new session' });
    expect(connection.sessionId).not.toBe(oldSessionId);
    const registry = new JobRegistry(await connect(), quiet);
    const instances = await eventually(
      async () => {
        const list = await registry.instances(job);
        return list.length === 1 && list[0]?.metadata?.sessionId === connection.sessionId ? list : undefined;
      },
      { what: 'registered again in the new session' },
    );
    expect(instances[0]?.path).not.toBe(oldPath);
    await eventually(() => election.isLeader(), { what: 'leader again' });
    expect(events).toEqual(['elected', 'expired', 'revoked:session-expired', 'renewed', 'elected']);
    expect(await connection.session.children(electionPath(name))).toHaveLength(1);
  });

  it('withLock lets one holder in at a time and times out a waiter', async () => {
    const name = uniqueName('lock');
    const [a, b] = [await connect(), await connect()];
    let inside = 0;
    let maxInside = 0;
    const critical = async () => {
      inside++;
      maxInside = Math.max(maxInside, inside);
      await new Promise((r) => setImmediate(r));
      await a.session.exists('/'); // a round trip while holding the lock
      inside--;
    };
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => withLock(i % 2 ? a : b, name, critical, { timeoutMs: 10_000 })),
    );
    expect(maxInside).toBe(1);

    let release!: () => void;
    const held = withLock(a, name, () => new Promise<void>((r) => (release = r)));
    await eventually(() => release !== undefined, { what: 'lock held' });
    await expect(withLock(b, name, () => 'never', { timeoutMs: 300 })).rejects.toBeInstanceOf(LockTimeout);
    release();
    await held;
    await expect(withLock(b, name, () => 'free again', { timeoutMs: 2_000 })).resolves.toBe('free again');
    expect(await a.session.children(`/keel/locks/${name}`)).toEqual([]);
  });
});
