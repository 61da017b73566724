import { ACL, Id, Permission } from 'node-zookeeper-client';
import { createHash } from 'node:crypto';

/**
 * ZooKeeper digest authentication: `ZOOKEEPER_DIGEST=<user>:<password>` makes every session add that
 * identity, and every node Keel creates carries the ACL "all for that digest, nothing for anyone
 * else", so another client on the network can neither read nor delete /keel/jobs. Unset (the local
 * stack), nodes stay open as before.
 */
export interface ZooKeeperAuth {
  user: string;
  password: string;
}

export function zooKeeperAuthFromEnv(env: NodeJS.ProcessEnv = process.env): ZooKeeperAuth | undefined {
  const digest = env['ZOOKEEPER_DIGEST'];
  if (!digest) return undefined;
  const colon = digest.indexOf(':');
  if (colon < 1 || colon === digest.length - 1) {
    throw new Error('ZOOKEEPER_DIGEST: expected <user>:<password>');
  }
  return { user: digest.slice(0, colon), password: digest.slice(colon + 1) };
}

/** `user:base64(sha1(user:password))`, the id ZooKeeper's digest scheme stores. */
export const digestId = (auth: ZooKeeperAuth): string =>
  `${auth.user}:${createHash('sha1').update(`${auth.user}:${auth.password}`).digest('base64')}`;

/** All permissions for the digest identity, none for the world. */
export const ownerOnlyAcls = (auth: ZooKeeperAuth): ACL[] => [
  new ACL(Permission.ALL, new Id('digest', digestId(auth))),
];
