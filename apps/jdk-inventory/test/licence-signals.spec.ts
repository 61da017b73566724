import { JDK_PATTERNS, type JdkHostsReply, type JdkJvmsByHostIdsReply } from '@keel/api-contracts';
import type { ServiceRpcClient } from '@keel/service-runtime';
import { openIsolatedDb, serviceRpcClient, type IsolatedDb } from '@keel/test-harness';
import { firstValueFrom } from 'rxjs';
import { reportOf } from '../bench/fleet-generator';
import { InventoryMaintenanceService } from '../src/maintenance/inventory-maintenance.service';
import { ReportIngestService } from '../src/ingest/report-ingest.service';
import { startInventory, type RunningInventory } from './support';

// A JVM's licence signals (-XX:+UnlockCommercialFeatures on Oracle JDK 8: commercial features need a paid
// licence) are stored with the JVM row, served over RPC with it, and survive a recompute, which also keeps
// the host on the licence-risk list for them. On real PostgreSQL, over real TCP.
describe('jdk-inventory stores and serves the licence signals of each JVM', () => {
  let db: IsolatedDb;
  let inventory: RunningInventory;
  let rpc: ServiceRpcClient;
  const ask = <T>(pattern: { cmd: string }, request: unknown) =>
    firstValueFrom(rpc.send<T>(pattern, request));

  beforeAll(async () => {
    db = await openIsolatedDb('postgres', { prefix: 'jdksig' });
    inventory = await startInventory({ PLATFORM_DB_URL: db.url, REPORTS_CONSUMER: 'false' });
    rpc = serviceRpcClient('jdk-inventory', inventory.rpcPort);
    await rpc.connect();
  });

  afterAll(async () => {
    await rpc?.close();
    await inventory?.app.close();
    await db?.drop();
  });

  const jvmsOf = async (hostname: string) => {
    const page = await ask<JdkHostsReply>(JDK_PATTERNS.hosts, { filter: { hostnamePrefix: hostname } });
    const id = page.items.find((h) => h.hostname === hostname)?.id;
    if (!id) throw new Error(`${hostname} not stored`);
    const reply = await ask<JdkJvmsByHostIdsReply>(JDK_PATTERNS.jvmsByHostIds, { hostIds: [id] });
    return (reply.jvmsByHostId[id] ?? [])
      .map((j) => ({
        mainClass: j.mainClass,
        signals: j.licenceSignals.map((s) => [s.signalId, s.found, s.risk]),
      }))
      .sort((a, b) => String(a.mainClass).localeCompare(String(b.mainClass)));
  };
  const hostRisk = async (hostname: string) =>
    (
      (await db.dataSource.query('SELECT licence_risk FROM jdk_hosts WHERE hostname = $1', [hostname])) as {
        licence_risk: boolean;
      }[]
    )[0]?.licence_risk;

  it('an Oracle JDK 8 JVM with -XX:+UnlockCommercialFeatures carries the signal; the same options on Temurin 8 do not', async () => {
    const commercial = ['-XX:+UnlockCommercialFeatures', '-XX:+FlightRecorder'];
    await inventory.app.get(ReportIngestService).ingest(
      [
        reportOf({
          hostname: 'sig-oracle',
          jdks: [
            {
              distribution: 'oracle',
              version: '8.0.202',
              jvms: [
                { options: commercial, mainClass: 'com.example.Jfr' },
                { options: ['-Xmx1g'], mainClass: 'com.example.Plain' },
              ],
            },
          ],
        }),
        reportOf({
          hostname: 'sig-temurin',
          jdks: [
            {
              distribution: 'temurin',
              version: '8.0.462',
              jvms: [{ options: commercial, mainClass: 'com.example.Jfr' }],
            },
          ],
        }),
      ].map((report) => ({ report, source: 'http' as const })),
    );
    const oracleJvms = [
      {
        mainClass: 'com.example.Jfr',
        signals: [['oracle-8-commercial-features', '-XX:+UnlockCommercialFeatures', 'paid-licence-required']],
      },
      { mainClass: 'com.example.Plain', signals: [] },
    ];
    expect(await jvmsOf('sig-oracle')).toEqual(oracleJvms);
    expect(await jvmsOf('sig-temurin')).toEqual([{ mainClass: 'com.example.Jfr', signals: [] }]);
    // 8u202 is BCL (free with conditions): only the JVM's option puts the host on the licence-risk list
    expect([await hostRisk('sig-oracle'), await hostRisk('sig-temurin')]).toEqual([true, false]);

    // a recompute re-derives the signals (here: restores them) and keeps the host's flag
    await db.dataSource.query("UPDATE jdk_jvms SET licence_signals = '[]'");
    await inventory.app.get(InventoryMaintenanceService).recompute();
    expect(await jvmsOf('sig-oracle')).toEqual(oracleJvms);
    expect(await jvmsOf('sig-temurin')).toEqual([{ mainClass: 'com.example.Jfr', signals: [] }]);
    expect([await hostRisk('sig-oracle'), await hostRisk('sig-temurin')]).toEqual([true, false]);
  });
});
