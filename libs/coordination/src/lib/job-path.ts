/** Where Keel keeps its coordination state in ZooKeeper. */
export const KEEL_ROOT = '/keel';
export const JOBS_ROOT = `${KEEL_ROOT}/jobs`;
export const ELECTIONS_ROOT = `${KEEL_ROOT}/elections`;
export const LOCKS_ROOT = `${KEEL_ROOT}/locks`;

const SEGMENT = /^[a-z0-9][a-z0-9._-]*$/;

function segment(kind: string, name: string): string {
  if (!SEGMENT.test(name)) {
    throw new Error(`invalid ${kind} name "${name}": lowercase letters, digits, ".", "_" and "-" only`);
  }
  return name;
}

/** `/keel/jobs/<job>`; job names are path segments, so they may not contain `/`. */
export function jobPath(job: string): string {
  return `${JOBS_ROOT}/${segment('job', job)}`;
}

/** `/keel/elections/<name>`: one folder per singleton role. */
export function electionPath(name: string): string {
  return `${ELECTIONS_ROOT}/${segment('election', name)}`;
}

/** `/keel/locks/<name>`. */
export function lockPath(name: string): string {
  return `${LOCKS_ROOT}/${segment('lock', name)}`;
}

/** A host name made fit for a node name: `Web-01.example.com` → `web-01.example.com`. */
export function nodeSafe(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9.-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'host'
  );
}
