import { validateReport } from '../ingest/report-validation';
import { demoFleetReports, isoWeekStart } from './demo-fleet';

describe('demo fleet', () => {
  const now = new Date('2026-11-25T10:00:00Z');
  const reports = [...demoFleetReports({ hosts: 300, weeks: 6, now })];

  it('is one valid report per host per week, labelled demo, never in the future, each in its week', () => {
    expect(reports).toHaveLength(1800);
    for (const r of reports) expect(validateReport(r)).toBeTruthy();
    expect(
      reports.every((r) => r.host.labels['demo'] === 'true' && r.host.hostname.endsWith('.demo.keel')),
    ).toBe(true);
    expect(reports.every((r) => new Date(r.scannedAt) < now)).toBe(true);
    const weeks = new Set(reports.map((r) => isoWeekStart(new Date(r.scannedAt)).toISOString()));
    expect(weeks.size).toBe(6);
    expect(new Set(reports.map((r) => r.reportId)).size).toBe(1800);
  });

  it('is the same fleet on every run (report IDs from host and week)', () => {
    const again = [...demoFleetReports({ hosts: 300, weeks: 6, now: new Date('2026-11-24T09:00:00Z') })];
    expect(again.map((r) => r.reportId)).toEqual(reports.map((r) => r.reportId));
  });

  it('moves some hosts off Oracle 8 over the weeks, and keeps the rest', () => {
    const oracle8 = (week: number) =>
      reports
        .slice(week * 300, week * 300 + 300)
        .filter(
          (r) =>
            r.installations[0].detection.distribution === 'oracle' &&
            r.installations[0].detection.version?.feature === 8,
        ).length;
    expect(oracle8(5)).toBeLessThan(oracle8(0));
    expect(oracle8(5)).toBeGreaterThan(0);
  });
});
