import { DEFAULT_RPC_PORTS, type JdkUpgradePolicy } from '@keel/api-contracts';
import { dataSourceToken } from '@keel/datasource';
import { loadKnowledge } from '@keel/jdk-detect';
import { DynamicModule, Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { JdkInventoryConfig } from '../config';
import { JmhRunnerEvidence } from './benchmark-evidence';
import { UpgradePlanQueries } from './upgrade-plan.queries';
import { UpgradePlanRpcController } from './upgrade-plan-rpc.controller';
import { UpgradePlannerService } from './upgrade-planner.service';
import { loadUpgradePolicy } from './upgrade-policy';

/** The upgrade planner: its own reads, jmh-runner's verdicts over RPC, the pure core; RPC when serving. */
@Module({})
export class UpgradePlannerModule {
  static forRoot(config: JdkInventoryConfig, options: { serve?: boolean } = {}): DynamicModule {
    const rpc = new URL(config.JMH_RUNNER_RPC_URL ?? `tcp://127.0.0.1:${DEFAULT_RPC_PORTS['jmh-runner']}`);
    return {
      module: UpgradePlannerModule,
      controllers: options.serve === false ? [] : [UpgradePlanRpcController],
      providers: [
        // a bad policy file stops the app at start, naming the file and the field
        { provide: 'keel:upgrade-policy', useFactory: () => loadUpgradePolicy(config.UPGRADE_POLICY_FILE) },
        {
          provide: JmhRunnerEvidence,
          useFactory: () =>
            new JmhRunnerEvidence(
              { host: rpc.hostname, port: Number(rpc.port) },
              config.JMH_RUNNER_RPC_TIMEOUT_MS,
            ),
        },
        {
          provide: UpgradePlannerService,
          inject: [dataSourceToken('platform'), JmhRunnerEvidence, 'keel:upgrade-policy'],
          useFactory: (db: DataSource, evidence: JmhRunnerEvidence, policy: JdkUpgradePolicy) => {
            // the same validated data files the inventory derives its columns from (read once here)
            const knowledge = loadKnowledge(config.KEEL_JDK_DATA_DIR);
            return new UpgradePlannerService(new UpgradePlanQueries(db), evidence, () => knowledge, policy);
          },
        },
      ],
      exports: [UpgradePlannerService],
    };
  }
}
