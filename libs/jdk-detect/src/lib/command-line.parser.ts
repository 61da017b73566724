/** One JVM launch as read from /proc/<pid>/cmdline (NUL-separated) or a `ps` line. */
export interface JvmCommandLine {
  executable: string | null;
  javaHome: string | null;
  /** Every JVM option before the main class / -jar, as written. */
  jvmOptions: string[];
  /** -XX options: `+Flag` → true, `-Flag` → false, `Key=Value` → "Value". */
  xx: Record<string, boolean | string>;
  /** -X options other than -XX (e.g. "-Xmx2g", "-Xincgc"). */
  x: string[];
  systemProperties: Record<string, string>;
  addModules: string[];
  jar: string | null;
  mainClass: string | null;
  module: string | null;
  appArgs: string[];
  maxHeapBytes: number | null;
  initialHeapBytes: number | null;
  threadStackBytes: number | null;
  unknown: string[];
}

// Launcher options whose value is the next argument.
const TAKES_VALUE = new Set([
  '-cp',
  '-classpath',
  '--class-path',
  '-p',
  '--module-path',
  '--upgrade-module-path',
  '--add-modules',
  '--add-opens',
  '--add-exports',
  '--add-reads',
  '--limit-modules',
  '--patch-module',
  '--enable-native-access',
]);

/** Splits and reads a JVM command line. Never throws; unreadable parts are listed in `unknown`. */
export function parseCommandLine(input: string): JvmCommandLine {
  const tokens = input.includes('\0') ? input.split('\0').filter((t) => t !== '') : shellSplit(input.trim());
  const result: JvmCommandLine = {
    executable: null,
    javaHome: null,
    jvmOptions: [],
    xx: {},
    x: [],
    systemProperties: {},
    addModules: [],
    jar: null,
    mainClass: null,
    module: null,
    appArgs: [],
    maxHeapBytes: null,
    initialHeapBytes: null,
    threadStackBytes: null,
    unknown: [],
  };
  // ps output carries columns before the command: start at the java executable
  const start = tokens.findIndex((t) => /(^|[\\/])javaw?(\.exe)?$/i.test(t));
  if (start < 0) {
    result.unknown.push('executable');
    return result;
  }
  result.executable = tokens[start];
  const home = /^(.*)[\\/]bin[\\/]javaw?(\.exe)?$/i.exec(result.executable);
  result.javaHome = home ? home[1] : null;
  if (!result.javaHome) result.unknown.push('javaHome');

  let i = start + 1;
  for (; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t.startsWith('-')) {
      result.mainClass = t;
      i++;
      break;
    }
    if (t === '-jar') {
      result.jar = tokens[i + 1] ?? null;
      i += 2;
      break;
    }
    if (t === '-m' || t === '--module') {
      result.module = tokens[i + 1] ?? null;
      i += 2;
      break;
    }
    result.jvmOptions.push(t);
    if (TAKES_VALUE.has(t) && i + 1 < tokens.length) {
      const value = tokens[++i];
      result.jvmOptions.push(value);
      if (t === '--add-modules') result.addModules.push(...value.split(','));
      continue;
    }
    readOption(t, result);
  }
  result.appArgs = tokens.slice(i);
  if (!result.jar && !result.mainClass && !result.module) result.unknown.push('mainClass');
  return result;
}

function readOption(t: string, r: JvmCommandLine): void {
  if (t.startsWith('--add-modules=')) {
    r.addModules.push(...t.slice('--add-modules='.length).split(','));
  } else if (t.startsWith('-XX:')) {
    const body = t.slice(4);
    if (body.startsWith('+') || body.startsWith('-')) r.xx[body.slice(1)] = body.startsWith('+');
    else {
      const eq = body.indexOf('=');
      if (eq > 0) r.xx[body.slice(0, eq)] = body.slice(eq + 1);
      else r.xx[body] = true;
    }
  } else if (t.startsWith('-D')) {
    const body = t.slice(2);
    const eq = body.indexOf('=');
    r.systemProperties[eq >= 0 ? body.slice(0, eq) : body] = eq >= 0 ? body.slice(eq + 1) : '';
  } else if (t.startsWith('-X')) {
    r.x.push(t);
    const size = /^-X(mx|ms|ss)(\d+[kKmMgGtT]?)$/.exec(t);
    if (size) {
      const bytes = parseSize(size[2]);
      if (size[1] === 'mx') r.maxHeapBytes = bytes;
      if (size[1] === 'ms') r.initialHeapBytes = bytes;
      if (size[1] === 'ss') r.threadStackBytes = bytes;
    }
  }
}

/** "512m" → 536870912. */
export function parseSize(text: string): number | null {
  const m = /^(\d+)([kKmMgGtT]?)$/.exec(text);
  if (!m) return null;
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[
    m[2].toLowerCase() as '' | 'k' | 'm' | 'g' | 't'
  ];
  return Number(m[1]) * unit;
}

function shellSplit(line: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quote: '"' | "'" | null = null;
  let started = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      started = true;
    } else if (/\s/.test(ch)) {
      if (started || current) tokens.push(current);
      current = '';
      started = false;
    } else {
      current += ch;
    }
  }
  if (started || current) tokens.push(current);
  return tokens;
}
