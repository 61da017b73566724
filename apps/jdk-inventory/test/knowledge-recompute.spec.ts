import { identifyJdk, loadKnowledge } from '@keel/jdk-detect';
import { openIsolatedDb, type IsolatedDb } from '@keel/test-harness';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { reportOf } from '../bench/fleet-generator';
import { InventoryMaintenanceService } from '../src/maintenance/inventory-maintenance.service';
import { ReportIngestService } from '../src/ingest/report-ingest.service';
import { startInventory, type RunningInventory } from './support';

// A data change (as `keel-jdk knowledge update` writes it) reaches the stored verdicts: the running
// inventory re-reads the data directory and a recompute rewrites the risk columns, on real PostgreSQL.
const workspaceRoot = path.resolve(__dirname, '../../..');

describe('jdk-inventory recomputes stored verdicts when the knowledge data changes', () => {
  let db: IsolatedDb;
  let inventory: RunningInventory;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'jdk-knowledge-'));
    cpSync(path.join(workspaceRoot, 'libs/jdk-detect/data'), dataDir, { recursive: true });
    db = await openIsolatedDb('postgres', { prefix: 'jdkknow' });
    inventory = await startInventory({
      PLATFORM_DB_URL: db.url,
      REPORTS_CONSUMER: 'false',
      KEEL_JDK_DATA_DIR: dataDir,
    });
  });

  afterAll(async () => {
    await inventory?.app.close();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const row = async () =>
    (
      (await db.dataSource.query(
        "SELECT updates_behind, latest_known, licence_risk FROM jdk_installations WHERE distribution = 'temurin'",
      )) as { updates_behind: number; latest_known: string; licence_risk: string }[]
    )[0];

  it('a new release in latest-updates.json makes an up-to-date build one behind after recompute', async () => {
    // the newest 25 update the data lists, and a later one (as `knowledge update` would append it)
    const file = path.join(dataDir, 'latest-updates.json');
    const data = JSON.parse(readFileSync(file, 'utf8')) as {
      trains: { feature: number; distributions?: string[]; releases: { version: string; date: string }[] }[];
    };
    const train25 = data.trains.find((t) => t.feature === 25 && !t.distributions);
    const latest = train25?.releases.at(-1)?.version ?? '?';
    const next = latest.replace(/^25\.0\.(\d+).*$/, (_m, u: string) => `25.0.${Number(u) + 1}`);
    const report = reportOf({ hostname: 'app-1', jdks: [{ distribution: 'temurin', version: latest }] });
    await inventory.app.get(ReportIngestService).ingest([{ report, source: 'http' }]);
    expect(await row()).toMatchObject({ updates_behind: 0, latest_known: latest, licence_risk: 'free' });

    train25?.releases.push({ version: next, date: '2027-01-19' });
    writeFileSync(file, JSON.stringify(data));

    const result = await inventory.app.get(InventoryMaintenanceService).recompute();
    expect(result.installationsChanged).toBe(1);
    expect(await row()).toMatchObject({ updates_behind: 1, latest_known: next });
    // the recompute records which knowledge the rows now reflect
    expect(await inventory.app.get(InventoryMaintenanceService).knowledgeAsOf()).toMatch(
      /^\d{4}-\d{2}-\d{2}\//,
    );
  });

  it('a recompute keeps a "possibly Oracle" verdict: it never turns into free', async () => {
    const report = reportOf({
      hostname: 'app-2',
      jdks: [{ distribution: 'oracle-openjdk', version: '16.0.2' }],
    });
    const detection = report.installations[0]?.detection;
    if (!detection) throw new Error('no installation');
    detection.oracleTermsPossible = true;
    detection.conflicts = ['release file: IMPLEMENTOR Oracle Corporation, no SOURCE'];
    await inventory.app.get(ReportIngestService).ingest([{ report, source: 'http' }]);
    const risk = async () =>
      (
        (await db.dataSource.query(
          "SELECT licence_risk, licence_rule FROM jdk_installations WHERE distribution = 'oracle-openjdk'",
        )) as { licence_risk: string; licence_rule: string }[]
      )[0];
    expect(await risk()).toEqual({ licence_risk: 'needs-review', licence_rule: 'possibly-oracle' });
    await inventory.app.get(InventoryMaintenanceService).recompute();
    expect(await risk()).toEqual({ licence_risk: 'needs-review', licence_rule: 'possibly-oracle' });
  });

  it('an OpenJDK build whose builder is not named is stored as needs-review, and a recompute keeps it so', async () => {
    // RHEL 8's stock 8u332 banner (https://github.com/aldettinger/camel-quarkus-workshop/issues/15): no builder named
    const stock = identifyJdk(
      'openjdk version "1.8.0_332"\nOpenJDK Runtime Environment (build 1.8.0_332-b09)\nOpenJDK 64-Bit Server VM (build 25.332-b09, mixed mode)\n',
      loadKnowledge(dataDir),
    );
    expect([stock.distribution, stock.confidence]).toEqual(['openjdk-upstream-unknown', 'low']);
    // two installations of the same distribution and version: one unnamed (low), one with its builder named
    const report = reportOf({
      hostname: 'app-3',
      jdks: [
        { distribution: null, version: null, path: '/usr/lib/jvm/unnamed' },
        { distribution: null, version: null, path: '/opt/named' },
      ],
    });
    const [unnamed, named] = report.installations;
    if (!unnamed || !named) throw new Error('no installations');
    unnamed.detection = stock;
    named.detection = { ...stock, confidence: 'high', unknown: [] };
    await inventory.app.get(ReportIngestService).ingest([{ report, source: 'http' }]);
    const stored = async () =>
      (await db.dataSource.query(
        `SELECT i.path, i.confidence, i.licence_risk, i.licence_terms, h.licence_risk AS host_risk
         FROM jdk_installations i JOIN jdk_hosts h ON h.id = i.host_id
         WHERE h.hostname = 'app-3' ORDER BY i.path`,
      )) as {
        path: string;
        confidence: string;
        licence_risk: string;
        licence_terms: string;
        host_risk: boolean;
      }[];
    const expected = [
      {
        path: '/opt/named',
        confidence: 'high',
        licence_risk: 'free',
        licence_terms: 'GPLv2+CE',
        host_risk: true,
      },
      {
        path: '/usr/lib/jvm/unnamed',
        confidence: 'low',
        licence_risk: 'needs-review',
        licence_terms: 'GPLv2+CE',
        host_risk: true,
      },
    ];
    expect(await stored()).toEqual(expected);
    await inventory.app.get(InventoryMaintenanceService).recompute();
    expect(await stored()).toEqual(expected);
  });

  it('a broken data file is refused and the last good data stays in force', async () => {
    writeFileSync(path.join(dataDir, 'support-dates.json'), '{ not json');
    const result = await inventory.app.get(InventoryMaintenanceService).recompute();
    expect(result.installationsChanged).toBe(0);
    expect(await row()).toMatchObject({ updates_behind: 1 });
  });
});
