import type { ServiceRpcClient } from '@keel/service-runtime';
import {
  JDK_PATTERNS,
  type JdkHostsReply,
  type JdkInstallationsByHostIdsReply,
  type JdkSummaryReply,
} from '@keel/api-contracts';
import { agentKey, openIsolatedDb, serviceRpcClient, uniqueName, type IsolatedDb } from '@keel/test-harness';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { firstValueFrom } from 'rxjs';
import { startInventory, type RunningInventory } from './support';

// End to end, as the issue asks: the built jdk-scan agent scans this machine and sends its report over
// HTTP to a running inventory, which then answers over RPC with both JDKs of this machine.
const workspaceRoot = path.resolve(__dirname, '../../..');
const scanMain = path.join(workspaceRoot, 'dist/apps/jdk-scan/main.js');

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [scanMain, ...args], { env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('jdk-scan → jdk-inventory on this machine', () => {
  let db: IsolatedDb;
  let inventory: RunningInventory;
  let rpc: ServiceRpcClient;
  let spool: string;
  const team = uniqueName('e2e');
  const hostname = uniqueName('scan-e2e-host');

  beforeAll(async () => {
    if (!existsSync(scanMain)) {
      throw new Error(
        `${scanMain} is missing: build the agent first ("NX_DAEMON=false npx nx build jdk-scan")`,
      );
    }
    db = await openIsolatedDb('postgres', { prefix: 'jdkinv_e2e' });
    inventory = await startInventory({ PLATFORM_DB_URL: db.url, REPORTS_CONSUMER: 'false' });
    rpc = serviceRpcClient('jdk-inventory', inventory.rpcPort);
    await rpc.connect();
    spool = mkdtempSync(path.join(tmpdir(), 'jdk-scan-spool-'));
  });

  afterAll(async () => {
    await rpc?.close();
    await inventory?.app.close();
    await db?.drop();
    if (spool) rmSync(spool, { recursive: true, force: true });
  });

  it('finds OpenJDK 17 and Temurin 25 of this machine', async () => {
    const scan = await run(
      ['scan', '--send', inventory.httpUrl, '--label', `team=${team}`, '--no-docker', '--no-kubernetes'],
      // the agent key binds the report to this host name
      { KEEL_SPOOL_DIR: spool, KEEL_HOSTNAME: hostname, KEEL_AGENT_KEY: agentKey(hostname) },
    );
    expect({ code: scan.code, output: scan.output.slice(-2000) }).toEqual({
      code: 0,
      output: expect.any(String),
    });

    const hosts = await firstValueFrom(rpc.send<JdkHostsReply>(JDK_PATTERNS.hosts, { filter: { team } }));
    expect(hosts.totalCount).toBe(1);
    const host = hosts.items[0] as JdkHostsReply['items'][number];
    const reply = await firstValueFrom(
      rpc.send<JdkInstallationsByHostIdsReply>(JDK_PATTERNS.installationsByHostIds, { hostIds: [host.id] }),
    );
    const found = (reply.installationsByHostId[host.id] ?? []).map((i) => ({
      path: i.path,
      vendor: i.vendor,
      feature: i.feature,
      licence: i.licence.risk,
    }));
    expect(found).toEqual(
      expect.arrayContaining([
        {
          path: '/usr/lib/jvm/java-17-openjdk-amd64',
          vendor: expect.stringMatching(/OpenJDK/),
          feature: 17,
          licence: 'free',
        },
        {
          path: '/usr/lib/jvm/temurin-25-jdk-amd64',
          vendor: 'Eclipse Temurin',
          feature: 25,
          licence: 'free',
        },
      ]),
    );

    const summary = await firstValueFrom(
      rpc.send<JdkSummaryReply>(JDK_PATTERNS.summary, { scope: { team } }),
    );
    expect(summary.hosts).toBe(1);
    expect(summary.installations).toBe(found.length);
  });
});
