import { digestId, ownerOnlyAcls, zooKeeperAuthFromEnv } from './zookeeper-auth';

describe('ZooKeeper digest auth', () => {
  it('is off without ZOOKEEPER_DIGEST, and refuses a malformed one naming the variable', () => {
    expect(zooKeeperAuthFromEnv({})).toBeUndefined();
    expect(() => zooKeeperAuthFromEnv({ ZOOKEEPER_DIGEST: 'nopassword' })).toThrow(/ZOOKEEPER_DIGEST/);
  });

  it('keeps the user in clear and only a SHA-1 digest of the password', () => {
    const id = digestId({ user: 'keel', password: 'pw' });
    expect(id).toMatch(/^keel:[A-Za-z0-9+/]{27}=$/);
    expect(id).not.toContain('pw');
    const [acl] = ownerOnlyAcls({ user: 'keel', password: 'pw' });
    expect(acl.id.scheme).toBe('digest');
    expect((acl as unknown as { permission: number }).permission).toBe(31); // Permission.ALL
  });
});
