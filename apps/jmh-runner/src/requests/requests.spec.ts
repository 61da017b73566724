import { compareSchema, digestSchema, enqueueRunSchema, listBuildsSchema, parseRequest } from './requests';

describe('request validation', () => {
  it('names the bad field', () => {
    expect(() => parseRequest(enqueueRunSchema, {})).toThrow('JmhRunnerBadRequest: "build" Required');
    expect(() => parseRequest(enqueueRunSchema, { build: 'x', include: '(' })).toThrow(
      '"include" is not a valid regular expression',
    );
    expect(() => parseRequest(digestSchema, { buildId: 'nope' })).toThrow('"buildId" Invalid uuid');
    expect(() => parseRequest(compareSchema, { baselineBuildId: 'x' })).toThrow(
      /"baselineBuildId" Invalid uuid .*baselineRunId \+ candidateRunId/,
    );
  });

  it('fills defaults', () => {
    expect(parseRequest(listBuildsSchema, undefined)).toEqual({ limit: 50, offset: 0 });
    expect(parseRequest(listBuildsSchema, { limit: '5', feature: '25' })).toEqual({
      limit: 5,
      offset: 0,
      feature: 25,
    });
  });
});
