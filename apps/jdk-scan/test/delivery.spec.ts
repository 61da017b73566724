import { fleetReportSchema, type FleetReport } from '@keel/jdk-detect';
import { createKafka, ensureTopics, type Admin, type Kafka } from '@keel/kafka-bus';
import { eventually, stackEnv, uniqueName } from '@keel/test-harness';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo, createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScanCli } from './support/scan-cli';

/** An inventory stand-in: answers POST /reports with the statuses queued, and keeps what it was sent. */
class FakeInventory {
  readonly received: { status: number; report: FleetReport }[] = [];
  private readonly server: Server;
  private readonly answers: number[] = [];

  constructor() {
    this.server = createServer(async (req, res) => {
      const report = JSON.parse(await body(req)) as FleetReport;
      const status = this.answers.shift() ?? 202;
      this.received.push({ status, report });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          status === 202
            ? { reportId: report.reportId, status: 'stored' }
            : {
                statusCode: status,
                message: status === 400 ? 'installations.0.detection.bits: Invalid input' : 'busy',
              },
        ),
      );
    });
  }

  answer(...statuses: number[]): this {
    this.answers.push(...statuses);
    return this;
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => resolve(text));
  });
}

/** A URL nothing listens on: a port we held a moment ago. */
async function refusingUrl(): Promise<string> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

describe('jdk-scan delivery', () => {
  let dir: string;
  let emptyHost: string;
  let spool: string;
  // an empty host root: nothing to probe, so each run costs the CLI start and the delivery only
  const env = () => ({ KEEL_HOST_ROOT: emptyHost, KEEL_HOSTNAME: 'scan-it-host', KEEL_SPOOL_DIR: spool });
  const quiet = ['--no-docker', '--no-kubernetes', '--no-processes'];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jdk-scan-delivery-'));
    emptyHost = join(dir, 'host');
    spool = join(dir, 'spool');
    mkdirSync(emptyHost);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('to Kafka', () => {
    let kafka: Kafka;
    let admin: Admin;
    const topic = uniqueName('jdk-reports-it');

    beforeAll(async () => {
      kafka = createKafka({ clientId: 'jdk-scan-it', brokers: stackEnv().kafkaBrokers });
      admin = kafka.admin();
      await admin.connect();
      await ensureTopics(admin, [{ topic, numPartitions: 1 }]);
    });
    afterAll(async () => {
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    });

    it('--kafka delivers the report to the topic, keyed by hostname', async () => {
      const consumer = kafka.consumer({ groupId: uniqueName('jdk-scan-it') });
      const messages: { key: string; value: string; reportId: string }[] = [];
      await consumer.connect();
      try {
        await consumer.subscribe({ topic, fromBeginning: true });
        // the group joins while the agent runs (fromBeginning: the report is read whichever comes first)
        const [run] = await Promise.all([
          runScanCli(
            [
              'scan',
              '--kafka',
              stackEnv().kafkaBrokers.join(','),
              '--topic',
              topic,
              '--label',
              'team=jdk',
              ...quiet,
            ],
            env(),
          ),
          consumer.run({
            eachMessage: async ({ message }) => {
              messages.push({
                key: message.key?.toString() ?? '',
                value: message.value?.toString() ?? '',
                reportId: message.headers?.['report-id']?.toString() ?? '',
              });
            },
          }),
        ]);
        expect(run.stderr).toContain(`delivered to kafka://`);
        expect(run.code).toBe(0);
        const summary = JSON.parse(run.stdout) as { reportId: string; deliveries: { status: string }[] };
        expect(summary.deliveries).toEqual([
          { destination: expect.stringContaining(topic), status: 'produced' },
        ]);

        await eventually(() => messages.length > 0, { timeoutMs: 30_000, what: 'the report on the topic' });
        expect(messages).toHaveLength(1);
        expect(messages[0].key).toBe('scan-it-host');
        expect(messages[0].reportId).toBe(summary.reportId);
        const report = fleetReportSchema.parse(JSON.parse(messages[0].value));
        expect(report).toMatchObject({
          reportId: summary.reportId,
          host: { hostname: 'scan-it-host', labels: { team: 'jdk' } },
        });
      } finally {
        await consumer.disconnect();
      }
    });
  });

  describe('to the inventory over HTTP', () => {
    it('--send to a URL that refuses: exit 3 after the retries, and the report waits in the spool', async () => {
      const url = await refusingUrl();
      const run = await runScanCli(['scan', '--send', url, ...quiet], { ...env(), KEEL_SEND_ATTEMPTS: '2' });
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/attempt 1 failed \(ECONNREFUSED\); retrying in \d+ ms/);
      expect(run.stderr).toContain(`DeliveryFailed: ${url}/reports: 2 attempts failed, last: ECONNREFUSED`);
      const files = readdirSync(spool);
      expect(files).toHaveLength(1);
      const spooled = fleetReportSchema.parse(JSON.parse(readFileSync(join(spool, files[0]), 'utf8')));
      expect(files[0]).toBe(`${spooled.reportId}.json`);
      expect(run.stderr).toContain(`the report is kept in ${join(spool, files[0])}`);
    });

    it('retries a 503, then delivers, and sends the spooled report of the failed run too', async () => {
      const [spooledFile] = readdirSync(spool);
      expect(spooledFile).toBeDefined(); // left by the previous test
      const inventory = new FakeInventory().answer(503);
      const url = await inventory.start();
      try {
        const run = await runScanCli(['scan', '--send', url, ...quiet], env());
        expect(run.code).toBe(0);
        const summary = JSON.parse(run.stdout) as { reportId: string; resentFromSpool: number };
        expect(summary.resentFromSpool).toBe(1);
        expect(inventory.received.map((r) => [r.status, r.report.reportId])).toEqual([
          [503, summary.reportId],
          [202, summary.reportId],
          [202, spooledFile.replace(/\.json$/, '')],
        ]);
        expect(readdirSync(spool)).toEqual([]);
      } finally {
        await inventory.stop();
      }
    });

    it('a 400 is a refusal: exit 3 at once, the report kept in --output and not spooled', async () => {
      const inventory = new FakeInventory().answer(400);
      const url = await inventory.start();
      const output = join(dir, 'refused.json');
      try {
        const run = await runScanCli(['scan', '--send', url, '--output', output, ...quiet], env());
        expect(run.code).toBe(3);
        expect(run.stderr).toContain('refused: HTTP 400');
        expect(run.stderr).toContain('installations.0.detection.bits');
        expect(inventory.received).toHaveLength(1);
        expect(fleetReportSchema.safeParse(JSON.parse(readFileSync(output, 'utf8'))).success).toBe(true);
        expect(existsSync(spool) ? readdirSync(spool) : []).toEqual([]);
      } finally {
        await inventory.stop();
      }
    });
  });

  it('exits 2 naming a bad option, and 78 naming a bad variable', async () => {
    const [usage, config] = await Promise.all([
      runScanCli(['scan', '--timeout-ms', 'soon'], env()),
      runScanCli(['scan', ...quiet], { ...env(), KEEL_INVENTORY_URL: 'jdk-inventory:3004' }),
    ]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--timeout-ms expects a whole number of milliseconds (got "soon")');
    expect(config.code).toBe(78);
    expect(config.stderr).toContain('KEEL_INVENTORY_URL');
  });
});
