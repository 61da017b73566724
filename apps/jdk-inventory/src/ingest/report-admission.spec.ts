import type { FleetReport } from '@keel/jdk-detect';
import { admitReport, ReportRefused } from './report-admission';

const report = (hostname: string, scannedAt: string, jvmOptions: string[] = []) =>
  ({
    host: { hostname },
    scannedAt,
    jvms: jvmOptions.length ? [{ pid: 1, jvmOptions }] : [],
  }) as unknown as FleetReport;
const received = new Date('2026-12-02T12:00:00.000Z');

describe('admitReport', () => {
  it("accepts a report for the key's own host (hostnames compare case-insensitively)", () => {
    const admitted = admitReport(report('Web-01', '2026-12-02T11:59:00.000Z'), 'web-01', received);
    expect(admitted).toEqual({ report: report('Web-01', '2026-12-02T11:59:00.000Z'), clamped: false });
  });

  it('refuses a report for another host, naming the field', () => {
    expect(() => admitReport(report('db-07', '2026-12-02T11:59:00.000Z'), 'web-01', received)).toThrow(
      new ReportRefused('the agent key is for host "web-01", the report is for "db-07"', 'host.hostname'),
    );
  });

  it('clamps a scannedAt in the future to the receive time, and keeps one within the skew', () => {
    const future = admitReport(report('web-01', '2099-01-01T00:00:00.000Z'), 'web-01', received);
    expect(future).toEqual({ report: report('web-01', received.toISOString()), clamped: true });
    const slightlyAhead = admitReport(report('web-01', '2026-12-02T12:04:00.000Z'), 'web-01', received);
    expect(slightlyAhead.clamped).toBe(false);
    const beyond = admitReport(report('web-01', '2026-12-02T12:06:00.000Z'), 'web-01', received);
    expect(beyond.report.scannedAt).toBe(received.toISOString());
  });
});

describe('admitReport redaction', () => {
  it('redacts secrets in JVM options by value before they are stored, whatever the agent sent', () => {
    const sent = report('web-01', '2026-12-02T11:59:00.000Z', [
      '-Ddb.url=jdbc:postgresql://app:s3cret@db:5432/shop',
      '-Dkey=abc',
      '-javaagent:/opt/agent.jar=token=xyz',
      '-Xmx1g',
    ]);
    const { report: stored } = admitReport(sent, 'web-01', received);
    expect(stored.jvms[0]?.jvmOptions).toEqual([
      '-Ddb.url=jdbc:postgresql://***@db:5432/shop',
      '-Dkey=***',
      '-javaagent:/opt/agent.jar=***',
      '-Xmx1g',
    ]);
  });
});
