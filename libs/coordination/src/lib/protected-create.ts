import { findOwnNode, nodeName } from './sequential-node';
import { isConnectionLoss, type ZooKeeperSession } from './zookeeper-session';

/**
 * Creates an EPHEMERAL_SEQUENTIAL node `<folder>/<prefix><counter>` exactly once. When the answer
 * is lost (CONNECTION_LOSS) the create may have happened: look for a child with our unique prefix
 * before trying again, or a second node would sit in the queue forever (until the session ends).
 * Returns the node's name (not its path).
 */
export async function createProtectedSequential(
  session: ZooKeeperSession,
  folder: string,
  prefix: string,
  data: Buffer,
  attempts = 3,
): Promise<string> {
  await session.mkdirp(folder);
  for (let attempt = 1; ; attempt++) {
    try {
      return nodeName(await session.createEphemeralSequential(`${folder}/${prefix}`, data));
    } catch (error) {
      if (!isConnectionLoss(error) || attempt >= attempts) throw error;
      const found = await session.children(folder).then(
        (children) => findOwnNode(children, prefix),
        () => null,
      );
      if (found) return found;
    }
  }
}
