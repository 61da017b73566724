import type { JdkKnowledge } from '@keel/jdk-detect';
import type { DataSource } from 'typeorm';
import {
  blockedTargetsOf,
  HOST_LICENCE_RISKS,
  installationRisk,
  jvmBlockers,
  jvmLicenceSignals,
  knowledgeVersion,
} from '../inventory/derive';
import {
  FleetStore,
  type BlockerRow,
  type InstallationRiskRow,
  type RecomputedBlockers,
} from '../inventory/fleet.store';
import { InventoryMetaStore } from '../inventory/inventory-meta.store';
import { staleHostsMarked } from './maintenance.metrics';

export interface SweepResult {
  /** Hosts marked stale now (not seen for STALE_AFTER_DAYS). */
  agedOut: number;
  /** Stale hosts that reported again since and were brought back (their children un-staled). */
  revived: number;
}

export interface RecomputeResult {
  versions: number;
  installationsChanged: number;
  jvms: number;
  hostsChanged: number;
  knowledgeAsOf: string;
}

const CHUNK_HOSTS = 2000;

/**
 * Age-out and re-derivation. The sweep marks hosts not seen for `staleAfterDays` as stale (summaries
 * skip them) and copies the flag onto their rows. `recompute` re-applies jdk-detect's rules to stored
 * rows after the knowledge data changed (or a date passed: EOL, NFTC windows): risk columns per
 * distinct (distribution, version), migration blockers and licence signals per JVM, then the host roll-ups.
 */
export class InventoryMaintenanceService {
  private readonly fleet: FleetStore;
  private readonly meta: InventoryMetaStore;

  constructor(
    dataSource: DataSource,
    private readonly knowledge: () => JdkKnowledge,
    private readonly staleAfterDays: number,
  ) {
    this.fleet = new FleetStore(dataSource);
    this.meta = new InventoryMetaStore(dataSource);
  }

  async sweep(now: Date = new Date()): Promise<SweepResult> {
    const cutoff = new Date(now.getTime() - this.staleAfterDays * 86_400_000).toISOString();
    const result = await this.fleet.markStale(cutoff);
    staleHostsMarked.inc(result.agedOut);
    return result;
  }

  async recompute(now: Date = new Date()): Promise<RecomputeResult> {
    const knowledge = this.knowledge();
    const versions = await this.fleet.riskGroups();
    const risks = versions.map((v): InstallationRiskRow => {
      const r = installationRisk(v.distribution, v.version, knowledge, now, {
        oracleTermsPossible: v.possibly_oracle,
        traits: v.ee ? ['graalvm-ee'] : [],
        confidence: v.confidence,
      });
      return {
        distribution: v.distribution,
        version_full: v.version_full,
        possibly_oracle: v.possibly_oracle,
        ee: v.ee,
        confidence: v.confidence,
        licence_risk: r.licenceRisk,
        licence_terms: r.licenceTerms,
        licence_rule: r.licenceRule,
        licence_reason: r.licenceReason,
        lts: r.lts,
        eol_date: r.eolDate,
        end_of_life: r.endOfLife,
        latest_known: r.latestKnown,
        updates_behind: r.updatesBehind,
        below_baseline: r.belowBaseline,
      };
    });
    const installationsChanged = await this.fleet.updateInstallationRisks(risks);

    let jvms = 0;
    let after = '0';
    for (;;) {
      const hostIds = await this.fleet.hostIdsWithJvms(after, CHUNK_HOSTS);
      if (hostIds.length === 0) break;
      after = hostIds[hostIds.length - 1] as string;
      jvms += await this.recomputeBlockers(hostIds, knowledge);
    }

    // the same flag as deriveReport sets at ingest: a risky installation or a paid-licence JVM signal
    const hostsChanged = await this.fleet.updateHostFlags(HOST_LICENCE_RISKS);
    await this.fleet.bumpChanges();
    await this.meta.set({
      derived_on: now.toISOString().slice(0, 10),
      knowledge_as_of: knowledgeVersion(knowledge),
    });
    return {
      versions: versions.length,
      installationsChanged,
      jvms,
      hostsChanged,
      knowledgeAsOf: knowledge.latestUpdates.asOf,
    };
  }

  /** The day the derived columns were last recomputed, or null. */
  derivedOn(): Promise<string | null> {
    return this.meta.get('derived_on');
  }

  /** The knowledgeVersion the derived columns were last recomputed with, or null. */
  knowledgeAsOf(): Promise<string | null> {
    return this.meta.get('knowledge_as_of');
  }

  private async recomputeBlockers(hostIds: string[], knowledge: JdkKnowledge): Promise<number> {
    const rows = await this.fleet.jvmsForRecompute(hostIds);
    const jvmUpdates: RecomputedBlockers['jvms'] = [];
    const blockerRows: BlockerRow[] = [];
    const blockedByInstallation = new Map<string, Set<number>>();
    for (const r of rows) {
      const targets = jvmBlockers(
        { executable: r.executable, jvmOptions: r.jvm_options, mainClass: r.main_class },
        r.feature,
        knowledge,
        { bits: r.bits === 32 ? 32 : r.bits === 64 ? 64 : null, os: r.os },
      );
      jvmUpdates.push({
        id: r.id,
        blockers: targets,
        licence_signals: jvmLicenceSignals(
          { executable: r.executable, jvmOptions: r.jvm_options },
          { distribution: r.distribution, version: r.version },
          knowledge,
        ),
      });
      for (const t of targets) {
        for (const b of t.blockers) {
          blockerRows.push({
            host_id: r.host_id,
            target: t.target,
            rule_id: b.ruleId,
            effect: b.effect,
            since: b.since,
            found: b.found,
            explanation: b.explanation,
            pid: r.pid,
            main_class: r.main_class,
            team: r.team,
            stale: r.stale,
          });
        }
      }
      if (r.installation_path !== null) {
        const key = `${r.host_id}|${r.installation_path}`;
        const set = blockedByInstallation.get(key) ?? new Set<number>();
        for (const t of blockedTargetsOf(targets)) set.add(t);
        blockedByInstallation.set(key, set);
      }
    }
    await this.fleet.replaceBlockers(hostIds, {
      jvms: jvmUpdates,
      blockers: blockerRows,
      installations: [...blockedByInstallation].map(([key, set]) => {
        const [hostId, ...path] = key.split('|');
        return { host_id: hostId as string, path: path.join('|'), targets: [...set].sort((a, b) => a - b) };
      }),
    });
    return rows.length;
  }
}
