import { stackEnv, uniqueName } from '@keel/test-harness';
import { Exception } from 'node-zookeeper-client';
import { ZooKeeperSession, zooKeeperErrorCode } from '../src';

// Real ZooKeeper: a node created by a session with Keel's digest identity cannot be deleted, or
// read, by a client on the network without it (what stops "delete /keel/jobs and watch restarts").
const connectString = stackEnv().zookeeperConnect;

describe('ZooKeeper digest ACLs (real ZooKeeper)', () => {
  it('an anonymous client can neither read nor delete what Keel created', async () => {
    const root = `/${uniqueName('keel-acl')}`;
    const keel = await ZooKeeperSession.connect({ connectString, auth: { user: 'keel', password: 'pw-1' } });
    const stranger = await ZooKeeperSession.connect({
      connectString,
      auth: { user: 'other', password: 'x' },
    });
    const anonymous = await ZooKeeperSession.connect({ connectString });
    try {
      await keel.mkdirp(`${root}/jobs`);
      const denied = async (work: () => Promise<unknown>) =>
        work().then(
          () => 'allowed',
          (error: unknown) => (zooKeeperErrorCode(error) === Exception.NO_AUTH ? 'NO_AUTH' : String(error)),
        );
      const remove = (session: ZooKeeperSession) =>
        new Promise<void>((resolve, reject) =>
          session.client.remove(`${root}/jobs`, (error) => (error ? reject(error) : resolve())),
        );
      const read = (session: ZooKeeperSession) =>
        new Promise<void>((resolve, reject) =>
          session.client.getData(`${root}/jobs`, (error) => (error ? reject(error) : resolve())),
        );
      expect(await denied(() => remove(anonymous))).toBe('NO_AUTH');
      expect(await denied(() => remove(stranger))).toBe('NO_AUTH');
      expect(await denied(() => read(anonymous))).toBe('NO_AUTH');
      expect(await denied(() => read(keel))).toBe('allowed');
      await remove(keel);
      await new Promise<void>((resolve, reject) =>
        keel.client.remove(root, (error) => (error ? reject(error) : resolve())),
      );
    } finally {
      await Promise.all([keel.close(), stranger.close(), anonymous.close()]);
    }
  });
});
