import { INGEST_BATCH, markWeeksAndCommit } from './report-ingest.sql';

describe('the ingest statement', () => {
  it('marks the weeks once each, in order, commits, and bumps the change sequence after the commit', () => {
    expect(markWeeksAndCommit(['2026-11-30', '2026-11-23', '2026-11-30'])).toBe(
      "INSERT INTO jdk_trend_dirty (week_start) VALUES ('2026-11-23'::date), ('2026-11-30'::date) " +
        "ON CONFLICT (week_start) DO UPDATE SET marked_at = now(); COMMIT; SELECT nextval('jdk_change_seq')",
    );
    expect(markWeeksAndCommit([])).toBe('COMMIT');
  });

  it('refuses a week that is not an ISO date (the weeks are inlined)', () => {
    expect(() => markWeeksAndCommit(["2026-11-30'); DROP TABLE jdk_hosts; --"])).toThrow(/not an ISO date/);
  });

  it('reads each table from its own parameter and returns the new reports', () => {
    for (const n of [1, 2, 3, 4, 5, 6]) expect(INGEST_BATCH).toContain(`json_to_recordset($${n}::json)`);
    expect(INGEST_BATCH).not.toContain('$7');
    expect(INGEST_BATCH).toMatch(/SELECT report_id::text AS report_id FROM r$/);
  });
});
