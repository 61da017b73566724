import type { FleetReport, JdkKnowledge } from '@keel/jdk-detect';
import type { DataSource } from 'typeorm';
import { deriveReport, type DerivedReport } from '../inventory/derive';
import { FleetStore } from '../inventory/fleet.store';
import { ingestedReports, ingestSeconds } from './ingest.metrics';
import type { IngestBatchRows } from './report-ingest.sql';

export type ReportSource = 'http' | 'kafka' | 'cli';

export interface IngestItem {
  report: FleetReport;
  source: ReportSource;
}

export interface IngestOutcome {
  reportId: string;
  /** `duplicate`: this reportId was stored before (or earlier in the same batch); nothing changed. */
  status: 'stored' | 'duplicate';
}

/**
 * Idempotent bulk ingest: a batch of validated reports is written in one transaction by one statement
 * (FleetStore.writeBatch, report-ingest.sql.ts: every table's rows as one jsonb parameter each). `jdk_reports` (keyed by reportId) decides what is new: a report seen before is a
 * duplicate and changes nothing. Per host only the newest report of the batch replaces the latest state,
 * and only when it is newer than what is stored; every new report still records its week's observation.
 */
export class ReportIngestService {
  private readonly fleet: FleetStore;

  constructor(
    dataSource: DataSource,
    private readonly knowledge: () => JdkKnowledge,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.fleet = new FleetStore(dataSource);
  }

  async ingest(items: readonly IngestItem[]): Promise<IngestOutcome[]> {
    if (items.length === 0) return [];
    const stop = ingestSeconds.startTimer();
    const onDate = this.now();
    const knowledge = this.knowledge();
    const unique = new Map<string, { derived: DerivedReport; source: ReportSource }>();
    for (const item of items) {
      if (unique.has(item.report.reportId)) continue;
      unique.set(item.report.reportId, {
        derived: deriveReport(item.report, knowledge, onDate),
        source: item.source,
      });
    }
    const fresh = await this.fleet.writeBatch(batchRows([...unique.values()]));
    stop();
    const seen = new Set<string>();
    const outcomes = items.map((item): IngestOutcome => {
      const id = item.report.reportId;
      const status = fresh.has(id) && !seen.has(id) ? 'stored' : 'duplicate';
      seen.add(id);
      return { reportId: id, status };
    });
    for (const o of outcomes) ingestedReports.inc({ status: o.status });
    return outcomes;
  }
}

/** The batch as the rows INGEST_BATCH reads: every unique report's; the statement keeps the new ones. */
export function batchRows(
  batch: readonly { derived: DerivedReport; source: ReportSource }[],
): IngestBatchRows {
  const rows: IngestBatchRows = {
    reports: [],
    hosts: [],
    installations: [],
    jvms: [],
    blockers: [],
    observations: [],
  };
  batch.forEach(({ derived: d, source }, ord) => {
    const h = d.host;
    rows.reports.push({
      report_id: d.reportId,
      host_key: h.hostKey,
      scanned_at: h.seenAt,
      source,
      installations: d.installations.length,
      jvms: d.jvms.length,
    });
    rows.hosts.push({
      host_key: h.hostKey,
      hostname: h.hostname,
      machine_id: h.machineId,
      os: h.os,
      os_version: h.osVersion,
      arch: h.arch,
      labels: h.labels,
      team: h.team,
      agent_name: h.agentName,
      agent_version: h.agentVersion,
      problems: h.problems,
      first_seen_at: h.seenAt,
      last_seen_at: h.seenAt,
      last_report_id: h.reportId,
      stale: false,
      installation_count: h.installationCount,
      jvm_count: h.jvmCount,
      licence_risk: h.licenceRisk,
      end_of_life: h.endOfLife,
      behind_baseline: h.behindBaseline,
      blocked_targets: h.blockedTargets,
      fingerprint: h.fingerprint,
      ord,
      install_keys: d.installations.map((i) => i.installKey),
    });
    for (const i of d.installations) {
      rows.installations.push({
        ord,
        install_key: i.installKey,
        path: i.path,
        location: i.location,
        found_by: i.foundBy,
        evidence: i.evidence,
        vendor: i.vendor,
        distribution: i.distribution,
        version_full: i.versionFull,
        feature: i.feature,
        update_number: i.update,
        image_type: i.imageType,
        bits: i.bits,
        vm: i.vm,
        confidence: i.confidence,
        licence_risk: i.licenceRisk,
        licence_terms: i.licenceTerms,
        licence_rule: i.licenceRule,
        licence_reason: i.licenceReason,
        lts: i.lts,
        eol_date: i.eolDate,
        end_of_life: i.endOfLife,
        latest_known: i.latestKnown,
        updates_behind: i.updatesBehind,
        below_baseline: i.belowBaseline,
        version: i.detection.version,
        running_jvms: i.runningJvms,
        blocked_targets: i.blockedTargets,
      });
    }
    for (const j of d.jvms) {
      rows.jvms.push({
        ord,
        pid: j.pid,
        location: j.location,
        executable: j.executable,
        installation_path: j.installationPath,
        feature: j.feature,
        jvm_options: j.jvmOptions,
        main_class: j.mainClass,
        username: j.user,
        blockers: j.blockers,
        licence_signals: j.licenceSignals,
      });
    }
    for (const b of d.blockers) {
      rows.blockers.push({
        ord,
        target: b.target,
        rule_id: b.ruleId,
        effect: b.effect,
        since: b.since,
        found: b.found,
        explanation: b.explanation,
        pid: b.pid,
        main_class: b.mainClass,
      });
    }
    rows.observations.push({
      host_key: h.hostKey,
      report_id: d.reportId,
      week_start: d.observation.weekStart,
      observed_at: d.observation.observedAt,
      team: h.team,
      fingerprint: d.observation.fingerprint,
      installations: d.observation.installations,
      mix: d.observation.mix,
      ord,
    });
  });
  return rows;
}
