import { ZooKeeperSession, jobPath, zooKeeperProbe } from '../src';
import { eventually, stackEnv, uniqueName } from '@keel/test-harness';

// Smoke: an ephemeral node lives exactly as long as the session that made it.
describe('ZooKeeper (real server)', () => {
  it('removes an ephemeral sequential node when its session closes, and tells the watcher', async () => {
    const connectString = stackEnv().zookeeperConnect;
    const owner = await ZooKeeperSession.connect({ connectString });
    const observer = await ZooKeeperSession.connect({ connectString });
    try {
      await expect(zooKeeperProbe(owner)()).resolves.toMatchObject({ state: 'SYNC_CONNECTED' });
      const folder = jobPath(uniqueName('smoke'));
      await owner.mkdirp(folder);
      const created = await owner.createEphemeralSequential(`${folder}/instance-`, Buffer.from('{"pid":1}'));
      expect(created).toMatch(new RegExp(`^${folder}/instance-\\d{10}$`));

      let watchFired = false;
      expect(await observer.children(folder, () => (watchFired = true))).toHaveLength(1);

      await owner.close();
      await eventually(() => watchFired, { what: 'child watch after session close' });
      expect(await observer.children(folder)).toEqual([]);
      await observer.remove(folder);
    } finally {
      await owner.close();
      await observer.close();
    }
  });
});
