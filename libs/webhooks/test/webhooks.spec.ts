import { openIsolatedDb, type IsolatedDb } from '@keel/test-harness';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WEBHOOK_EVENT_KINDS, WebhookNotifier, type WebhookEventKind, type WebhookSettings } from '../src';

// A local HTTP receiver playing Slack: it answers what the test scripts (200, 503, 400, or never) and
// records every POST. The clock is the notifier's own, moved by the test: no sleeping for backoffs.
interface Received {
  path: string;
  body: Record<string, unknown>;
}

describe('webhooks against a local receiver and PostgreSQL', () => {
  let db: IsolatedDb;
  let server: Server;
  let base = '';
  const received: Received[] = [];
  const script: Record<string, number[]> = {};

  beforeAll(async () => {
    db = await openIsolatedDb('postgres', { prefix: 'webhooks' });
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        const path = req.url ?? '/';
        received.push({ path, body: JSON.parse(text) as Record<string, unknown> });
        const status = script[path]?.shift() ?? 200;
        if (status === 0) return; // never answers: the notifier's timeout
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'no');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await db?.drop();
  });

  let clock = new Date('2026-12-01T10:00:00Z');
  const settings = (): WebhookSettings => ({
    urls: Object.fromEntries(WEBHOOK_EVENT_KINDS.map((k) => [k, `${base}/${k}`])) as Record<
      WebhookEventKind,
      string
    >,
    maxAttempts: 3,
    backoffBaseMs: 60_000,
    backoffMaxMs: 600_000,
    timeoutMs: 1_000,
  });
  const event = (kind: WebhookEventKind, key: string) => ({
    kind,
    dedupKey: `${kind}:${key}`,
    title: `${kind} happened`,
    text: 'details',
    fields: { key },
  });

  it('delivers each event kind once to its own URL, however often it is notified, and records it', async () => {
    const notifier = new WebhookNotifier(db.dataSource, settings(), () => clock);
    for (const kind of WEBHOOK_EVENT_KINDS) {
      expect(await notifier.notify(event(kind, 'once'))).toMatchObject({
        status: 'delivered',
        attempts: 1,
        lastStatusCode: 200,
      });
      // the same occurrence again (another instance, a replayed run): not sent again
      expect(await notifier.notify(event(kind, 'once'))).toMatchObject({ status: 'delivered', attempts: 1 });
    }
    expect(received.map((r) => r.path)).toEqual(WEBHOOK_EVENT_KINDS.map((k) => `/${k}`));
    expect(received[0].body['text']).toMatch(/jmh.regression happened$/);
    const rows: { n: number }[] = await db.dataSource.query(
      "SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'delivered' AND delivered_at IS NOT NULL",
    );
    expect(rows[0].n).toBe(WEBHOOK_EVENT_KINDS.length);
  });

  it('retries a 5xx with backoff until the receiver takes it, recording each attempt', async () => {
    received.length = 0;
    script['/jmh.crash'] = [503, 502];
    const notifier = new WebhookNotifier(db.dataSource, settings(), () => clock);
    const first = await notifier.notify(event('jmh.crash', 'retry'));
    expect(first).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatusCode: 503,
      lastError: 'HTTP 503',
    });
    expect(first?.nextAttemptAt).toBe(new Date(clock.getTime() + 60_000).toISOString());
    // not due yet: nothing is sent
    expect(await notifier.deliverDue()).toBe(0);
    clock = new Date(clock.getTime() + 60_000);
    expect(await notifier.deliverDue()).toBe(1);
    const second = await notifier.delivery('jmh.crash:retry');
    expect(second).toMatchObject({ status: 'pending', attempts: 2, lastStatusCode: 502 });
    expect(second?.nextAttemptAt).toBe(new Date(clock.getTime() + 120_000).toISOString());
    clock = new Date(clock.getTime() + 120_000);
    expect(await notifier.deliverDue()).toBe(1);
    expect(await notifier.delivery('jmh.crash:retry')).toMatchObject({
      status: 'delivered',
      attempts: 3,
      lastStatusCode: 200,
    });
    expect(received.filter((r) => r.path === '/jmh.crash')).toHaveLength(3);
  });

  it('gives up after maxAttempts, treats a 4xx as final, and retries a receiver that never answers', async () => {
    script['/jmh.hang'] = [500, 500, 500, 500];
    script['/build.queued'] = [404];
    script['/index.freshness-slo-broken'] = [0];
    const notifier = new WebhookNotifier(db.dataSource, settings(), () => clock);
    await notifier.notify(event('jmh.hang', 'down'));
    for (let i = 0; i < 3; i++) {
      clock = new Date(clock.getTime() + 600_000);
      await notifier.deliverDue();
    }
    expect(await notifier.delivery('jmh.hang:down')).toMatchObject({
      status: 'failed',
      attempts: 3,
      nextAttemptAt: null,
    });
    expect(await notifier.notify(event('build.queued', 'gone'))).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastStatusCode: 404,
    });
    const silent = await notifier.notify(event('index.freshness-slo-broken', 'silent'));
    expect(silent).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: null });
    expect(silent?.lastError).toMatch(/TimeoutError|abort/i);
  });

  it('sends nothing and records nothing for a kind without a URL', async () => {
    const notifier = new WebhookNotifier(db.dataSource, { ...settings(), urls: {} }, () => clock);
    expect(await notifier.notify(event('jmh.regression', 'nowhere'))).toBeNull();
    expect(
      await db.dataSource.query(
        "SELECT 1 FROM webhook_deliveries WHERE dedup_key = 'jmh.regression:nowhere'",
      ),
    ).toEqual([]);
  });
});
