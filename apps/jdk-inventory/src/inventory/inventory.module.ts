import { dataSourceToken } from '@keel/datasource';
import { knowledgeAsOf, KnowledgeSource } from '@keel/jdk-detect';
import { Logger } from '@nestjs/common';
import { KAFKA, type Kafka } from '@keel/kafka-bus';
import { DynamicModule, Module, type Provider } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { JdkInventoryConfig } from '../config';
import { loadAgentKeyIssuer } from '@keel/service-runtime';
import { IngestBoundary } from '../ingest/ingest-boundary';
import { ReportBatcher } from '../ingest/report-batcher';
import { ReportConsumerService } from '../ingest/report-consumer.service';
import { ReportsController } from '../ingest/reports.controller';
import { InventoryRpcController } from '../fleet-queries/inventory-rpc.controller';
import { InventoryMaintenanceService } from '../maintenance/inventory-maintenance.service';
import { InventoryQueryService } from '../fleet-queries/inventory-query.service';
import { InventoryRollupService } from '../maintenance/inventory-rollup.service';
import { RollupRefresher } from '../maintenance/rollup-refresh.scheduler';
import { InventorySweepScheduler } from '../maintenance/inventory-sweep.scheduler';
import { ReportIngestService } from '../ingest/report-ingest.service';

export const JDK_KNOWLEDGE = 'keel:jdk-knowledge';
export const JDK_KNOWLEDGE_SOURCE = 'keel:jdk-knowledge-source';

export interface InventoryModuleOptions {
  /** HTTP and RPC (false for the CLI: no Kafka consumer, no sweep, no controllers). */
  serve?: boolean;
}

/** Ingest (HTTP, Kafka), analyses (RPC), age-out sweep and re-derivation, on the platform DB. */
@Module({})
export class InventoryModule {
  static forRoot(config: JdkInventoryConfig, options: InventoryModuleOptions = {}): DynamicModule {
    const serve = options.serve ?? true;
    const platform = dataSourceToken('platform');
    const schema = new URL(config.PLATFORM_DB_URL).searchParams.get('schema') ?? 'public';
    const providers: Provider[] = [
      // validated at start (a bad file stops the app) and re-read when a data file changes, so the sweep
      // recomputes stored verdicts after `keel-jdk knowledge update` without a restart (knowledge-source)
      {
        provide: JDK_KNOWLEDGE_SOURCE,
        useFactory: () =>
          new KnowledgeSource(config.KEEL_JDK_DATA_DIR, (e) =>
            new Logger('JdkKnowledge').error(`${e.message}: keeping the previous data`),
          ),
      },
      {
        provide: JDK_KNOWLEDGE,
        inject: [JDK_KNOWLEDGE_SOURCE],
        useFactory: (source: KnowledgeSource) => source.current(),
      },
      {
        provide: ReportIngestService,
        inject: [platform, JDK_KNOWLEDGE_SOURCE],
        useFactory: (db: DataSource, k: KnowledgeSource) => new ReportIngestService(db, () => k.current()),
      },
      {
        provide: ReportBatcher,
        inject: [ReportIngestService],
        useFactory: (ingest: ReportIngestService) =>
          new ReportBatcher(
            ingest,
            config.REPORTS_HTTP_BATCH,
            config.REPORTS_HTTP_BATCH_WAIT_MS,
            Math.max(1, Math.min(config.REPORTS_CONCURRENCY, config.PLATFORM_DB_POOL_SIZE - 1)),
          ),
      },
      {
        provide: InventoryRollupService,
        inject: [platform],
        useFactory: (db: DataSource) => new InventoryRollupService(db, config.ROLLUP_MAX_AGE_S * 1000),
      },
      {
        provide: InventoryQueryService,
        inject: [platform, JDK_KNOWLEDGE_SOURCE, InventoryRollupService],
        useFactory: (db: DataSource, k: KnowledgeSource, rollups: InventoryRollupService) =>
          new InventoryQueryService(db, () => knowledgeAsOf(k.current()), rollups),
      },
      {
        provide: InventoryMaintenanceService,
        inject: [platform, JDK_KNOWLEDGE_SOURCE],
        useFactory: (db: DataSource, k: KnowledgeSource) =>
          new InventoryMaintenanceService(db, () => k.current(), config.STALE_AFTER_DAYS),
      },
    ];
    if (serve) {
      providers.push({
        provide: IngestBoundary,
        useFactory: () =>
          new IngestBoundary(loadAgentKeyIssuer('jdk-inventory'), config.SCANNED_AT_SKEW_S * 1000),
      });
    }
    if (serve && config.REPORTS_CONSUMER) {
      providers.push({
        provide: ReportConsumerService,
        inject: [KAFKA, ReportIngestService, IngestBoundary],
        useFactory: (kafka: Kafka, ingest: ReportIngestService, boundary: IngestBoundary) =>
          new ReportConsumerService(kafka, ingest, {
            boundary,
            topic: config.REPORTS_TOPIC,
            deadLetterTopic: config.REPORTS_DLQ_TOPIC ?? `${config.REPORTS_TOPIC}.dlq`,
            partitions: config.REPORTS_TOPIC_PARTITIONS,
            groupId: config.REPORTS_GROUP_ID,
            roundSize: config.REPORTS_ROUND_SIZE,
            concurrency: Math.min(config.REPORTS_CONCURRENCY, config.PLATFORM_DB_POOL_SIZE),
            fetch: {
              partitionBytes: config.REPORTS_FETCH_PARTITION_MB * 1024 * 1024,
              maxBytes: config.REPORTS_FETCH_MAX_MB * 1024 * 1024,
            },
            backoff: { baseMs: config.REPORTS_BACKOFF_BASE_MS, maxMs: config.REPORTS_BACKOFF_MAX_MS },
          }),
      });
    }
    if (serve && config.ROLLUP_MAX_AGE_S > 0) {
      providers.push({
        provide: RollupRefresher,
        inject: [InventoryRollupService],
        useFactory: (rollups: InventoryRollupService) =>
          new RollupRefresher(rollups, Math.max(1000, (config.ROLLUP_MAX_AGE_S * 1000) / 2)),
      });
    }
    if (serve && config.SWEEP_ENABLED) {
      providers.push({
        provide: InventorySweepScheduler,
        inject: [platform, InventoryMaintenanceService, JDK_KNOWLEDGE_SOURCE],
        useFactory: (db: DataSource, m: InventoryMaintenanceService, k: KnowledgeSource) =>
          new InventorySweepScheduler(
            db,
            m,
            () => k.current(),
            config.SWEEP_INTERVAL_S,
            `jdk-inventory:sweep:${schema}`,
          ),
      });
    }
    return {
      module: InventoryModule,
      controllers: serve ? [ReportsController, InventoryRpcController] : [],
      providers,
      exports: [
        ReportIngestService,
        InventoryQueryService,
        InventoryMaintenanceService,
        InventoryRollupService,
      ],
    };
  }
}
