import type { LeaderElections } from './coordination.module';
import type { LeaderElection, LeaderElectionCallbacks } from './leader-election';
import { LeaderLoop } from './leader-loop';

/** An election the test drives by hand: elect, revoke, and whether ZooKeeper still says first. */
function fakeElections() {
  let callbacks: LeaderElectionCallbacks = {};
  const state = { leader: false, left: 0 };
  const election = {
    isLeader: () => state.leader,
    confirmLeadership: async () => state.leader,
  } as unknown as LeaderElection;
  const elections = {
    join: async (_name: string, given: LeaderElectionCallbacks) => ((callbacks = given), election),
    leave: async () => void state.left++,
  } as unknown as LeaderElections;
  return {
    elections,
    state,
    elect: () => ((state.leader = true), callbacks.onElected?.()),
    revoke: () => ((state.leader = false), callbacks.onRevoked?.('session-expired')),
  };
}

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
};

describe('LeaderLoop', () => {
  it('runs turns only while elected, stops on revocation, runs again when re-elected, and leaves on stop', async () => {
    const fake = fakeElections();
    let turns = 0;
    const errors: unknown[] = [];
    const loop = new LeaderLoop(fake.elections, {
      election: 'test',
      turn: async ({ stillLeading }) => {
        expect(await stillLeading()).toBe(true);
        turns++;
        if (turns === 2) throw new Error('one bad turn');
      },
      restMs: () => 1,
      onError: (error) => errors.push(error),
      log: { elected: () => undefined, revoked: () => undefined },
    });
    await loop.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(turns).toBe(0);
    expect(loop.isLeader()).toBe(false);

    fake.elect();
    await until(() => turns >= 3);
    expect(loop.isLeader()).toBe(true);
    expect(errors.map((e) => (e as Error).message)).toEqual(['one bad turn']);

    fake.revoke();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const afterRevoke = turns;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(turns).toBe(afterRevoke);
    expect(loop.isLeader()).toBe(false);

    fake.elect();
    await until(() => turns > afterRevoke + 1);
    await loop.stop();
    const afterStop = turns;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect({ turns, left: fake.state.left }).toEqual({ turns: afterStop, left: 1 });
  });

  it('aborts a running turn when leadership goes, and does not report that as an error', async () => {
    const fake = fakeElections();
    const errors: unknown[] = [];
    let aborted = false;
    const loop = new LeaderLoop(fake.elections, {
      election: 'test',
      turn: ({ signal }) =>
        new Promise<void>((_resolve, reject) =>
          signal.addEventListener('abort', () => ((aborted = true), reject(new Error('aborted')))),
        ),
      restMs: () => 1,
      onError: (error) => errors.push(error),
      log: { elected: () => undefined, revoked: () => undefined },
    });
    await loop.start();
    fake.elect();
    await new Promise((resolve) => setTimeout(resolve, 10));
    fake.revoke();
    await until(() => aborted);
    await loop.stop();
    expect(errors).toEqual([]);
  });

  it('with finishTurnOnRevoke, lets the turn in hand finish (stillLeading says false) and aborts only on stop', async () => {
    const fake = fakeElections();
    const seen: string[] = [];
    let release = () => undefined as void;
    const loop = new LeaderLoop(fake.elections, {
      election: 'test',
      finishTurnOnRevoke: true,
      turn: async ({ signal, stillLeading }) => {
        await new Promise<void>((resolve) => (release = resolve));
        seen.push(`aborted=${signal.aborted} leading=${await stillLeading()}`);
      },
      restMs: () => 1,
      onError: (error) => seen.push(String(error)),
      log: { elected: () => undefined, revoked: () => undefined },
    });
    await loop.start();
    fake.elect();
    await new Promise((resolve) => setTimeout(resolve, 10));
    fake.revoke();
    release();
    await until(() => seen.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await loop.stop();
    expect(seen).toEqual(['aborted=false leading=false']);
  });
});
