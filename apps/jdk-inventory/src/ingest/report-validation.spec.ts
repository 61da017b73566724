import { reportOf } from '../../bench/fleet-generator';
import { InvalidReport, parseReportMessage, validateReport } from './report-validation';

const valid = () => reportOf({ hostname: 'h1', jdks: [{ distribution: 'temurin', version: '17.0.16' }] });
const issuesOf = (body: unknown) => {
  try {
    validateReport(body);
  } catch (error) {
    if (error instanceof InvalidReport) return error.issues;
    throw error;
  }
  return [];
};

describe('validateReport', () => {
  it('accepts a report jdk-scan would send', () => {
    expect(validateReport(valid()).host.hostname).toBe('h1');
  });

  it('names the field that is wrong', () => {
    const report = valid();
    expect(issuesOf({ ...report, host: { ...report.host, hostname: '' } })).toEqual([
      { field: 'host.hostname', message: expect.any(String) },
    ]);
    const bits = structuredClone(report) as unknown as { installations: { detection: { bits: number } }[] };
    (bits.installations[0] as { detection: { bits: number } }).detection.bits = 48;
    expect(issuesOf(bits).map((i) => i.field)).toEqual(['installations.0.detection.bits']);
  });

  it('says what a field should be: Required, the location kinds, 32 or 64, a UUID', () => {
    const report = structuredClone(valid()) as unknown as Record<string, unknown> & {
      installations: { location: unknown; detection: { bits: unknown } }[];
    };
    delete report.scannedAt;
    report.reportId = 'not-a-uuid';
    (report.installations[0] as { location: unknown }).location = { kind: 'vm' };
    (report.installations[0] as { detection: { bits: unknown } }).detection.bits = 31;
    expect(issuesOf(report)).toEqual(
      expect.arrayContaining([
        { field: 'scannedAt', message: 'Required' },
        { field: 'reportId', message: 'expected a UUID' },
        { field: 'installations.0.location.kind', message: "expected kind 'host', 'container' or 'pod'" },
        { field: 'installations.0.detection.bits', message: 'expected 32 or 64' },
      ]),
    );
    // a field with its own message still says Required when it is missing
    const withoutId = structuredClone(valid()) as unknown as Record<string, unknown>;
    delete withoutId.reportId;
    expect(issuesOf(withoutId)).toEqual([{ field: 'reportId', message: 'Required' }]);
  });

  it('refuses a NUL character (PostgreSQL cannot store it), naming the field', () => {
    const report = valid();
    expect(issuesOf({ ...report, host: { ...report.host, os: 'Lin\0ux' } })).toEqual([
      { field: 'host.os', message: 'contains a NUL character' },
    ]);
  });

  it('refuses a NUL character in a Kafka message, also in a key', () => {
    const report = valid();
    const os = Buffer.from(JSON.stringify({ ...report, host: { ...report.host, os: 'Lin\0ux' } }));
    expect(os.includes('\\u0000')).toBe(true);
    expect(() => parseReportMessage(os)).toThrow(/"host.os" contains a NUL character/);
    const key = Buffer.from(JSON.stringify({ ...report, host: { ...report.host, labels: { 'a\0b': 'x' } } }));
    expect(() => parseReportMessage(key)).toThrow(/contains a NUL character/);
  });

  it('a Kafka message that is not JSON is invalid, not an error', () => {
    expect(() => parseReportMessage(Buffer.from('{nope'))).toThrow(/"\(json\)" not valid JSON/);
    expect(() => parseReportMessage(null)).toThrow(InvalidReport);
    const report = valid();
    expect(parseReportMessage(Buffer.from(JSON.stringify(report))).reportId).toBe(report.reportId);
  });
});
