// Stops and starts the local stack's ZooKeeper alone, the way tools/local-stack/stack.sh launches it:
// the same command line and working folder (read from /proc of the running server), detached in its
// own session, output appended to its log, and its pid written to the same pid file so that
// `stack.sh down|status` keep working.
import { eventually } from '@keel/test-harness';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const stackHome = process.env['KEEL_STACK_HOME'] ?? resolve(__dirname, '../../../../.local-stack');
const pidFile = join(stackHome, 'run', 'zookeeper.pid');
const logFile = join(stackHome, 'logs', 'zookeeper.log');

interface ServerLaunch {
  pid: number;
  argv: string[];
  cwd: string;
}

/** The pid of whatever listens on the ZooKeeper port (a stack started from another checkout, say). */
function listenerPid(port = 2181): number | undefined {
  const out = spawnSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' }).stdout ?? '';
  const match = /pid=(\d+)/.exec(out);
  return match ? Number(match[1]) : undefined;
}

function runningServer(): ServerLaunch {
  const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : listenerPid();
  if (!pid) throw new Error(`no ZooKeeper to restart: ${pidFile} is missing and nothing listens on 2181`);
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  if (!argv.some((arg) => arg.includes('ZooKeeperServerMain'))) {
    throw new Error(`pid ${pid} in ${pidFile} is not the local stack's ZooKeeper`);
  }
  return { pid, argv, cwd: readlinkSync(`/proc/${pid}/cwd`) };
}

/** `srvr` answers with a `Mode:` line only when the server serves (`ruok` says imok before that). */
export function zooKeeperServing(host = '127.0.0.1', port = 2181): Promise<boolean> {
  return new Promise((done) => {
    let reply = '';
    const socket = createConnection({ host, port }, () => socket.write('srvr'));
    socket.setTimeout(2_000, () => socket.destroy());
    socket.on('data', (chunk) => (reply += chunk.toString()));
    socket.on('error', () => done(false));
    socket.on('close', () => done(/^Mode:/m.test(reply)));
  });
}

function launch(server: Pick<ServerLaunch, 'argv' | 'cwd'>): number {
  // a server this checkout's stack did not start keeps no pid file or log here
  const ours = existsSync(pidFile);
  const log = openSync(ours ? logFile : join(tmpdir(), 'keel-zookeeper-restart.log'), 'a');
  try {
    const child = spawn(server.argv[0] as string, server.argv.slice(1), {
      cwd: server.cwd,
      detached: true,
      stdio: ['ignore', log, log],
    });
    child.unref();
    if (!child.pid) throw new Error('ZooKeeper did not start');
    if (ours) writeFileSync(pidFile, `${child.pid}\n`);
    return child.pid;
  } finally {
    closeSync(log);
  }
}

/**
 * Kills the server (SIGKILL, like a crash), starts it again and waits until it serves. Returns the
 * time it did not serve. Whatever happens, the server is running again when this returns or throws.
 */
export async function restartZooKeeper(): Promise<{ downtimeMs: number }> {
  const server = runningServer();
  const stoppedAt = Date.now();
  try {
    process.kill(server.pid, 'SIGKILL');
    await eventually(() => !existsSync(`/proc/${server.pid}/cmdline`) || isZombie(server.pid), {
      timeoutMs: 10_000,
      intervalMs: 20,
      what: 'ZooKeeper process gone',
    });
    launch(server);
    await eventually(() => zooKeeperServing(), {
      timeoutMs: 30_000,
      intervalMs: 50,
      what: 'ZooKeeper serving',
    });
    return { downtimeMs: Date.now() - stoppedAt };
  } finally {
    // never leave the stack without its ZooKeeper, whatever failed above
    if (!(await zooKeeperServing())) {
      if (!serverProcessAlive()) launch(server);
      await eventually(() => zooKeeperServing(), { timeoutMs: 30_000, what: 'ZooKeeper serving again' });
    }
  }
}

function serverProcessAlive(): boolean {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    return existsSync(`/proc/${pid}/cmdline`) && !isZombie(pid);
  } catch {
    return false;
  }
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}
