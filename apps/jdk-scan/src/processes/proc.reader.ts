import { parseCommandLine, redactJvmOption } from '@keel/jdk-detect';
import { promises as fs } from 'node:fs';
import { posix } from 'node:path';

/** One running JVM as /proc shows it; paths are as the process sees them (its own mount namespace). */
export interface ProcJvm {
  pid: number;
  /** The running binary (/proc/<pid>/exe), or argv[0] when exe is not readable (another user's process). */
  executable: string;
  /** The binary was replaced or removed since the JVM started (package upgrade): exe ends in " (deleted)". */
  deleted: boolean;
  jvmOptions: string[];
  mainClass: string | null;
  uid: number | null;
  ppid: number | null;
}

export interface ProcScan {
  jvms: ProcJvm[];
  /** Processes looked at, and those whose cmdline could not be read (permission). */
  processes: number;
  unreadable: number;
}

const MAX_OPTION_LENGTH = 4096;
const MAX_OPTIONS = 2000;
// values of -D properties named like these never leave the host
/** Reads every java process under `procDir` (/proc, or /host/proc in a DaemonSet with hostPID). */
export async function readJvmProcesses(
  procDir: string,
  options: { excludePpid?: number } = {},
): Promise<ProcScan> {
  let entries: string[];
  try {
    entries = await fs.readdir(procDir);
  } catch {
    return { jvms: [], processes: 0, unreadable: 0 };
  }
  const scan: ProcScan = { jvms: [], processes: 0, unreadable: 0 };
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const dir = posix.join(procDir, entry);
    let cmdline: string;
    try {
      cmdline = await fs.readFile(posix.join(dir, 'cmdline'), 'latin1');
    } catch (error) {
      // ENOENT/ESRCH: it exited meanwhile, which is no failure
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ESRCH') {
        scan.processes++;
        scan.unreadable++;
      }
      continue;
    }
    scan.processes++;
    if (cmdline === '') continue; // a kernel thread
    const exe = await readExe(dir);
    const jvm = toJvm(pid, cmdline, exe);
    if (!jvm) continue;
    const status = await fs.readFile(posix.join(dir, 'status'), 'utf8').catch(() => '');
    jvm.uid = statusField(status, 'Uid');
    jvm.ppid = statusField(status, 'PPid');
    if (options.excludePpid !== undefined && jvm.ppid === options.excludePpid) continue;
    scan.jvms.push(jvm);
  }
  scan.jvms.sort((a, b) => a.pid - b.pid);
  return scan;
}

async function readExe(dir: string): Promise<string | null> {
  try {
    return await fs.readlink(posix.join(dir, 'exe'));
  } catch {
    return null; // another user's process without CAP_SYS_PTRACE: argv[0] has to do
  }
}

/** A JVM from its cmdline (NUL-separated) and exe link; null when the process is not java. Pure. */
export function toJvm(pid: number, cmdline: string, exe: string | null): ProcJvm | null {
  const deleted = exe?.endsWith(' (deleted)') ?? false;
  const exePath = exe && deleted ? exe.slice(0, -' (deleted)'.length) : exe;
  const argv0 = cmdline.split('\0')[0] ?? '';
  const isJava = (path: string | null) => path !== null && /(^|\/)javaw?$/.test(path);
  if (!isJava(exePath) && !isJava(argv0)) return null;
  const parsed = parseCommandLine(cmdline);
  const options = parsed.jvmOptions.slice(0, MAX_OPTIONS).map((o) => redact(o).slice(0, MAX_OPTION_LENGTH));
  const main = parsed.mainClass ?? parsed.module ?? (parsed.jar !== null ? parsed.jar : null);
  return {
    pid,
    executable: isJava(exePath) && exePath ? exePath : argv0,
    deleted,
    jvmOptions: options,
    mainClass: main === null ? null : main.slice(0, MAX_OPTION_LENGTH),
    uid: null,
    ppid: null,
  };
}

/**
 * `-Djavax.net.ssl.keyStorePassword=s3cret` → `…=***`, and by value: URL user info, secret-looking
 * `key=value` pairs, agent arguments (@keel/jdk-detect's redactJvmOption; the inventory redacts
 * again at ingest, for agents that do not).
 */
export const redact = (option: string): string => redactJvmOption(option);

function statusField(status: string, field: 'Uid' | 'PPid'): number | null {
  const match = new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status);
  return match ? Number(match[1]) : null;
}

/** uid → user name from an /etc/passwd text. */
export function parsePasswd(text: string): Map<number, string> {
  const users = new Map<number, string>();
  for (const line of text.split('\n')) {
    const [name, , uid] = line.split(':');
    if (name && uid && /^\d+$/.test(uid) && !users.has(Number(uid))) users.set(Number(uid), name);
  }
  return users;
}
