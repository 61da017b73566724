import { redactJvmOptions, type FleetReport } from '@keel/jdk-detect';

/** How far ahead of the receive time a report's `scannedAt` may be (clocks differ a little). */
export const DEFAULT_SCANNED_AT_SKEW_MS = 5 * 60_000;

export class ReportRefused extends Error {
  constructor(
    readonly reason: string,
    readonly field?: string,
  ) {
    super(`ReportRefused: ${reason}`);
    this.name = 'ReportRefused';
  }
}

export interface Admission {
  report: FleetReport;
  /** `scannedAt` was ahead of the receive time by more than the skew, and set to the receive time. */
  clamped: boolean;
}

const sameHost = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The ingest boundary, for HTTP and Kafka alike: a report is accepted only for the host its agent
 * key was issued for, and its `scannedAt` (which decides which report of a host is the latest) is
 * never later than the receive time plus `skewMs`: a report dated 2099 is dated now instead, so it
 * cannot keep a host "clean" against every later report, nor keep it from going stale. JVM options
 * are redacted by value (passwords in URLs, secret-looking key=value pairs, agent arguments) before
 * anything is stored, whatever the agent did.
 */
export function admitReport(
  report: FleetReport,
  keyHost: string,
  receivedAt: Date,
  skewMs = DEFAULT_SCANNED_AT_SKEW_MS,
): Admission {
  if (!sameHost(report.host.hostname, keyHost)) {
    throw new ReportRefused(
      `the agent key is for host "${keyHost}", the report is for "${report.host.hostname}"`,
      'host.hostname',
    );
  }
  const redacted = {
    ...report,
    jvms: report.jvms.map((j) => ({ ...j, jvmOptions: redactJvmOptions(j.jvmOptions) })),
  };
  const scannedAt = Date.parse(report.scannedAt);
  if (Number.isFinite(scannedAt) && scannedAt > receivedAt.getTime() + skewMs) {
    return { report: { ...redacted, scannedAt: receivedAt.toISOString() }, clamped: true };
  }
  return { report: redacted, clamped: false };
}
