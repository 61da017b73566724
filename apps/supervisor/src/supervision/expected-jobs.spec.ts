import { parseExpectedJobs } from './expected-jobs';

const job = {
  name: 'indexer-batch',
  minInstances: 1,
  restartCommand: ['node', 'dist/apps/indexer-batch/main.js'],
  graceMs: 15_000,
};

describe('parseExpectedJobs', () => {
  it('takes an array or { jobs }', () => {
    expect(parseExpectedJobs(JSON.stringify([job]))).toEqual([job]);
    expect(
      parseExpectedJobs(JSON.stringify({ jobs: [{ ...job, env: { PORT: '3002' }, cwd: '/srv' }] })),
    ).toEqual([{ ...job, env: { PORT: '3002' }, cwd: '/srv' }]);
  });

  it('names the field that is wrong', () => {
    expect(() => parseExpectedJobs(JSON.stringify([{ ...job, minInstances: 0 }]))).toThrow(
      /jobs\[0\]\.minInstances: .*greater than or equal to 1/,
    );
    expect(() => parseExpectedJobs(JSON.stringify([{ ...job, restartCommand: 'node x.js' }]))).toThrow(
      /jobs\[0\]\.restartCommand: Expected array/,
    );
    expect(() => parseExpectedJobs(JSON.stringify([{ ...job, extra: 1 }]))).toThrow(/Unrecognized key/);
    expect(() => parseExpectedJobs(JSON.stringify([job, job]))).toThrow(/unique/);
    expect(() => parseExpectedJobs('{nope')).toThrow(/not JSON/);
  });
});
