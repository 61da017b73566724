export const JOBS_ROOT = '/keel/jobs';

/** `/keel/jobs/<job>`; job names are path segments, so they may not contain `/`. */
export function jobPath(job: string): string {
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(job)) {
    throw new Error(`invalid job name "${job}": lowercase letters, digits, ".", "_" and "-" only`);
  }
  return `${JOBS_ROOT}/${job}`;
}
