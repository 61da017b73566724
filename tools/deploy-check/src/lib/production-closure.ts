/**
 * Which installed packages a production install of an app holds: the app's own dependencies (the
 * package.json its build writes) and, transitively, what each of those needs, resolved in the
 * workspace package-lock.json the way Node resolves in node_modules (nearest node_modules first).
 * Required peer dependencies count (npm installs them), optional peers do not; optional dependencies
 * count where the lock has them. Returns lock paths such as
 * `node_modules/pg` and `node_modules/a/node_modules/b`.
 */
export interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

export function productionClosure(
  packages: Record<string, LockEntry>,
  rootDependencies: string[],
): Set<string> {
  const closure = new Set<string>();
  const missing: string[] = [];
  const pending: [from: string, name: string, required: boolean][] = rootDependencies.map((name) => [
    '',
    name,
    true,
  ]);
  while (pending.length > 0) {
    const [from, name, required] = pending.pop() as [string, string, boolean];
    const found = resolve(packages, from, name);
    if (!found) {
      if (required) missing.push(`${name} (needed by ${from || 'the app'})`);
      continue;
    }
    if (closure.has(found)) continue;
    closure.add(found);
    const entry = packages[found] as LockEntry;
    for (const dependency of Object.keys(entry.dependencies ?? {})) pending.push([found, dependency, true]);
    for (const dependency of Object.keys(entry.optionalDependencies ?? {}))
      pending.push([found, dependency, false]);
    for (const dependency of Object.keys(entry.peerDependencies ?? {})) {
      // npm installs required peers; an optional peer only when something else asks for it
      if (!entry.peerDependenciesMeta?.[dependency]?.optional) pending.push([found, dependency, true]);
    }
  }
  if (missing.length > 0) throw new Error(`not in package-lock.json: ${missing.join(', ')}`);
  return closure;
}

/** `node_modules/a/node_modules/b` asking for `c`: a/b's own node_modules, then a's, then the top. */
function resolve(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (base === '') return undefined;
    const at = base.lastIndexOf('node_modules/');
    base = at <= 0 ? '' : base.slice(0, at - 1);
  }
}

/** The top-level package folders of a closure (`node_modules/@scope/x`), nested ones live inside them. */
export function topLevelPackages(closure: Set<string>): string[] {
  return [...closure].filter((p) => p.split('node_modules/').length === 2).sort();
}
