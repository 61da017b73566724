import { constants, promises as fs } from 'node:fs';
import { posix } from 'node:path';

const MAX_SYMLINK_HOPS = 40;

/**
 * The host's filesystem as the agent sees it under `root`: "/" on a host, "/host" in a DaemonSet pod that
 * mounts the node's / there. Paths in and out are host paths; symlinks resolve inside `root` as a chroot
 * would, so /host/usr/bin/java -> /etc/alternatives/java lands on /host/etc/alternatives/java, not on the
 * pod's own /etc.
 */
export class HostFs {
  readonly root: string;

  constructor(root = '/') {
    this.root = posix.resolve(root);
  }

  /** Where a host path is in the agent's own filesystem. */
  local(hostPath: string): string {
    return this.root === '/' ? hostPath : posix.join(this.root, hostPath);
  }

  /** The host path with every symlink resolved (inside root), or null when it does not exist. */
  async realpath(hostPath: string): Promise<string | null> {
    let pending = components(hostPath);
    let resolved = '/';
    let hops = 0;
    while (pending.length > 0) {
      const [part, ...rest] = pending;
      pending = rest;
      if (part === '.') continue;
      if (part === '..') {
        resolved = posix.dirname(resolved);
        continue;
      }
      const next = posix.join(resolved, part);
      let isLink: boolean;
      try {
        isLink = (await fs.lstat(this.local(next))).isSymbolicLink();
      } catch {
        return null;
      }
      if (!isLink) {
        resolved = next;
        continue;
      }
      if (++hops > MAX_SYMLINK_HOPS) return null;
      const target = await fs.readlink(this.local(next));
      if (target.startsWith('/')) resolved = '/';
      pending = [...components(target), ...pending];
    }
    return resolved;
  }

  /** A file's text, or null when it is missing, unreadable or not a regular file. */
  async readText(hostPath: string, maxBytes = 1024 * 1024): Promise<string | null> {
    try {
      const handle = await fs.open(this.local(hostPath), 'r');
      try {
        if (!(await handle.stat()).isFile()) return null;
        const buffer = Buffer.alloc(maxBytes);
        const { bytesRead } = await handle.read(buffer, 0, maxBytes, 0);
        return buffer.subarray(0, bytesRead).toString('utf8');
      } finally {
        await handle.close();
      }
    } catch {
      return null;
    }
  }

  /** Entry names of a directory (following a symlinked directory), [] when missing or unreadable. */
  async list(hostPath: string): Promise<string[]> {
    const real = await this.realpath(hostPath);
    if (!real) return [];
    try {
      return (await fs.readdir(this.local(real))).sort();
    } catch {
      return [];
    }
  }

  async isFile(hostPath: string): Promise<boolean> {
    const real = await this.realpath(hostPath);
    if (!real) return false;
    try {
      return (await fs.stat(this.local(real))).isFile();
    } catch {
      return false;
    }
  }

  async isDirectory(hostPath: string): Promise<boolean> {
    const real = await this.realpath(hostPath);
    if (!real) return false;
    try {
      return (await fs.stat(this.local(real))).isDirectory();
    } catch {
      return false;
    }
  }

  async isExecutable(hostPath: string): Promise<boolean> {
    const real = await this.realpath(hostPath);
    if (!real) return false;
    try {
      await fs.access(this.local(real), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  }
}

function components(path: string): string[] {
  return path.split('/').filter((c) => c !== '');
}
