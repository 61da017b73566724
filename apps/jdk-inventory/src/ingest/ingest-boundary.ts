import type { FleetReport } from '@keel/jdk-detect';
import type { IHeaders } from '@keel/kafka-bus';
import { AgentKeyRefused, agentKeyOf, type AgentKeyIssuer } from '@keel/service-runtime';
import { admitReport, ReportRefused, type Admission } from './report-admission';

/** The Kafka header that carries the agent key of a report on `jdk.reports`. */
export const AGENT_KEY_HEADER = 'keel-agent-key';

/**
 * Where a report enters: the agent key (HTTP `Authorization: Bearer kak1...`, Kafka header
 * `keel-agent-key`) names the one host the report may be for, and `scannedAt` is clamped to the
 * receive time (admitReport). Throws AgentKeyRefused (no or bad key) or ReportRefused (another host).
 */
export class IngestBoundary {
  constructor(
    private readonly issuer: AgentKeyIssuer,
    private readonly skewMs: number,
  ) {}

  /** The host of a key, before the body is even validated; throws AgentKeyRefused. */
  hostOf(key: string | undefined): string {
    return this.issuer.verify(key);
  }

  admit(report: FleetReport, keyHost: string, receivedAt = new Date()): Admission {
    return admitReport(report, keyHost, receivedAt, this.skewMs);
  }

  keyOfHttp(authorization: string | string[] | undefined): string | undefined {
    return agentKeyOf(authorization);
  }

  keyOfKafka(headers: IHeaders | undefined): string | undefined {
    const value = headers?.[AGENT_KEY_HEADER];
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined ? undefined : first.toString();
  }
}

export { AgentKeyRefused, ReportRefused };
