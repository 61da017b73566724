import { dataSourceToken } from '@keel/datasource';
import { WebhookNotifier, webhookSettingsFromEnv } from '@keel/webhooks';
import { loadKnowledge } from '@keel/jdk-detect';
import { DynamicModule, Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { BuildDiscovery } from '../builds/build-discovery';
import { type JmhRunnerConfig, profilesOf } from '../config';
import { JmhController } from './jmh.controller';
import { JmhRpcController } from './jmh-rpc.controller';
import { ResultNotifier } from '../notifications/result-notifier';
import { jmhStores, JmhRunnerService } from './jmh-runner.service';
import { RUNNER_CONFIG, RunnerSchedule } from '../runs/runs.scheduler';

/** Builds the runner's service from the config; shared by the app and the CLI. */
export function createRunnerService(config: JmhRunnerConfig, dataSource: DataSource): JmhRunnerService {
  const stores = jmhStores(dataSource);
  const discovery = new BuildDiscovery(stores.builds, loadKnowledge(config.KEEL_JDK_DATA_DIR), {
    jdkDirs: config.JDK_DIRS,
    dropDir: config.JDK_DROP_DIR,
    adoptiumUrl: config.ADOPTIUM_FEATURES.length > 0 ? config.ADOPTIUM_API_URL : undefined,
    adoptiumFeatures: config.ADOPTIUM_FEATURES,
    adoptiumDownload: config.ADOPTIUM_DOWNLOAD,
    adoptiumMirrorUrl: config.ADOPTIUM_MIRROR_URL,
    downloadDir: `${config.JMH_WORK_DIR}/downloads`,
  });
  return new JmhRunnerService(stores, discovery, {
    profiles: profilesOf(config),
    defaultJar: config.JMH_JAR,
    allowedJars: [config.JMH_JAR, ...config.JMH_ALLOWED_JARS],
    buildRoots: [
      ...config.JDK_DIRS,
      ...(config.JDK_DROP_DIR ? [config.JDK_DROP_DIR] : []),
      `${config.JMH_WORK_DIR}/downloads`,
    ],
    discoveryProfile: config.JMH_DISCOVERY_PROFILE,
    workDir: config.JMH_WORK_DIR,
    harnessJava: config.JMH_HARNESS_JAVA,
    leaseMs: config.RUN_LEASE_MS,
    maxAttempts: config.RUN_MAX_ATTEMPTS,
  });
}

@Module({})
export class JmhRunnerModule {
  static forRoot(config: JmhRunnerConfig): DynamicModule {
    return {
      module: JmhRunnerModule,
      controllers: [JmhController, JmhRpcController],
      providers: [
        { provide: RUNNER_CONFIG, useValue: config },
        {
          provide: JmhRunnerService,
          inject: [dataSourceToken('platform')],
          useFactory: (dataSource: DataSource) => createRunnerService(config, dataSource),
        },
        {
          provide: ResultNotifier,
          inject: [JmhRunnerService, dataSourceToken('platform')],
          useFactory: (runner: JmhRunnerService, dataSource: DataSource) => {
            const webhooks = new WebhookNotifier(dataSource, webhookSettingsFromEnv());
            webhooks.start();
            return new ResultNotifier(runner, webhooks, process.env['KEEL_CONSOLE_URL']);
          },
        },
        RunnerSchedule,
      ],
      exports: [JmhRunnerService],
    };
  }
}
