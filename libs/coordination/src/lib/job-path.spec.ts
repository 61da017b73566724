import { electionPath, jobPath, lockPath, nodeSafe } from './job-path';

describe('jobPath', () => {
  it('places a job under /keel/jobs', () => {
    expect(jobPath('indexer-stream')).toBe('/keel/jobs/indexer-stream');
  });

  it('refuses names that would escape their folder', () => {
    expect(() => jobPath('../etc')).toThrow(/invalid job name/);
    expect(() => jobPath('a/b')).toThrow(/invalid job name/);
  });

  it('places elections and locks beside the jobs', () => {
    expect(electionPath('batch-scheduler')).toBe('/keel/elections/batch-scheduler');
    expect(lockPath('recovery-range-7')).toBe('/keel/locks/recovery-range-7');
    expect(() => lockPath('A B')).toThrow(/invalid lock name/);
  });

  it('makes host names fit for a node name', () => {
    expect(nodeSafe('Web_01.Example.com')).toBe('web-01.example.com');
    expect(nodeSafe('___')).toBe('host');
  });
});
