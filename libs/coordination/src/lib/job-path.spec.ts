import { jobPath } from './job-path';

describe('jobPath', () => {
  it('places a job under /keel/jobs', () => {
    expect(jobPath('indexer-stream')).toBe('/keel/jobs/indexer-stream');
  });

  it('refuses names that would escape their folder', () => {
    expect(() => jobPath('../etc')).toThrow(/invalid job name/);
    expect(() => jobPath('a/b')).toThrow(/invalid job name/);
  });
});
