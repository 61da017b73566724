import type { DataSource } from 'typeorm';
import { backoffDelayMs } from '@keel/service-runtime';
import { retryable } from './retryable';
import { slackMessage } from './slack-message';
import {
  WEBHOOK_EVENT_KINDS,
  urlVariableOf,
  type WebhookEvent,
  type WebhookEventKind,
} from './webhook-event';

export interface WebhookSettings {
  /** URL per event kind; a kind without one is not delivered (and not recorded). */
  urls: Partial<Record<WebhookEventKind, string>>;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  timeoutMs: number;
}

/** `WEBHOOK_URL_<KIND>` and `WEBHOOK_*` settings from the environment; a malformed URL names its variable. */
export function webhookSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): WebhookSettings {
  const urls: Partial<Record<WebhookEventKind, string>> = {};
  for (const kind of WEBHOOK_EVENT_KINDS) {
    const name = urlVariableOf(kind);
    const value = env[name];
    if (!value) continue;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new Error(`${name}: expected an http(s) URL (got "${value}")`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`${name}: expected an http(s) URL (got "${value}")`);
    }
    urls[kind] = url.href;
  }
  const int = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: expected a positive integer (got "${raw}")`);
    return n;
  };
  return {
    urls,
    maxAttempts: int('WEBHOOK_MAX_ATTEMPTS', 6),
    backoffBaseMs: int('WEBHOOK_BACKOFF_BASE_MS', 2_000),
    backoffMaxMs: int('WEBHOOK_BACKOFF_MAX_MS', 300_000),
    timeoutMs: int('WEBHOOK_TIMEOUT_MS', 5_000),
  };
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDelivery {
  id: string;
  kind: WebhookEventKind;
  dedupKey: string;
  url: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS webhook_deliveries (
     id              BIGSERIAL PRIMARY KEY,
     kind            TEXT NOT NULL,
     dedup_key       TEXT NOT NULL UNIQUE,
     url             TEXT NOT NULL,
     payload         JSONB NOT NULL,
     status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
     attempts        INTEGER NOT NULL DEFAULT 0,
     next_attempt_at TIMESTAMPTZ(3),
     last_status_code INTEGER,
     last_error      TEXT,
     created_at      TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
     delivered_at    TIMESTAMPTZ(3)
   )`,
  `CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`,
];

const toDelivery = (r: Record<string, unknown>): WebhookDelivery => ({
  id: String(r['id']),
  kind: r['kind'] as WebhookEventKind,
  dedupKey: String(r['dedup_key']),
  url: String(r['url']),
  status: r['status'] as DeliveryStatus,
  attempts: Number(r['attempts']),
  lastStatusCode: r['last_status_code'] === null ? null : Number(r['last_status_code']),
  lastError: (r['last_error'] as string | null) ?? null,
  nextAttemptAt: r['next_attempt_at'] ? new Date(r['next_attempt_at'] as string).toISOString() : null,
  deliveredAt: r['delivered_at'] ? new Date(r['delivered_at'] as string).toISOString() : null,
});

/**
 * Delivers events as Slack-compatible JSON to the URL of their kind, at most once per dedup key, and
 * records every delivery in `webhook_deliveries` (platform DB): attempts, last HTTP status or error,
 * next attempt. A 5xx, 408, 429, timeout or refused connection is retried with exponential backoff up
 * to `maxAttempts`; any other answer is final. Several app instances share the table: a due delivery
 * is claimed with FOR UPDATE SKIP LOCKED, so one instance sends it.
 */
export class WebhookNotifier {
  private schemaReady: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly settings: WebhookSettings,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private ensureSchema(): Promise<void> {
    this.schemaReady ??= (async () => {
      for (const statement of SCHEMA) await this.db.query(statement);
    })();
    return this.schemaReady;
  }

  /** Records the event (once per dedup key) and tries to deliver it now. Never throws for a bad receiver. */
  async notify(event: WebhookEvent): Promise<WebhookDelivery | null> {
    const url = this.settings.urls[event.kind];
    if (!url) return null;
    await this.ensureSchema();
    const rows: Record<string, unknown>[] = await this.db.query(
      `INSERT INTO webhook_deliveries (kind, dedup_key, url, payload, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (dedup_key) DO NOTHING RETURNING id`,
      [event.kind, event.dedupKey, url, JSON.stringify(slackMessage(event)), this.now()],
    );
    if (rows.length === 0) return this.delivery(event.dedupKey);
    await this.deliverDue(String(rows[0]['id']));
    return this.delivery(event.dedupKey);
  }

  async delivery(dedupKey: string): Promise<WebhookDelivery | null> {
    await this.ensureSchema();
    const rows: Record<string, unknown>[] = await this.db.query(
      'SELECT * FROM webhook_deliveries WHERE dedup_key = $1',
      [dedupKey],
    );
    return rows[0] ? toDelivery(rows[0]) : null;
  }

  /** Sends what is due (or the one delivery asked for); returns how many were attempted. */
  async deliverDue(onlyId?: string): Promise<number> {
    await this.ensureSchema();
    let attempted = 0;
    for (;;) {
      const sent = await this.db.transaction(async (m) => {
        const due: Record<string, unknown>[] = await m.query(
          `SELECT id, url, payload, attempts FROM webhook_deliveries
            WHERE status = 'pending' AND next_attempt_at <= $1 AND ($2::bigint IS NULL OR id = $2)
            ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
          [this.now(), onlyId ?? null],
        );
        const row = due[0];
        if (!row) return false;
        const attempt = Number(row['attempts']) + 1;
        const outcome = await this.post(String(row['url']), row['payload']);
        const final = outcome.ok || !outcome.retry || attempt >= this.settings.maxAttempts;
        const status: DeliveryStatus = outcome.ok ? 'delivered' : final ? 'failed' : 'pending';
        const next = final
          ? null
          : new Date(
              this.now().getTime() +
                backoffDelayMs(attempt, {
                  baseMs: this.settings.backoffBaseMs,
                  maxMs: this.settings.backoffMaxMs,
                }),
            );
        await m.query(
          `UPDATE webhook_deliveries SET status = $2, attempts = $3, last_status_code = $4, last_error = $5,
                  next_attempt_at = $6::timestamptz,
                  delivered_at = CASE WHEN $2 = 'delivered' THEN $7::timestamptz ELSE NULL END
            WHERE id = $1`,
          [row['id'], status, attempt, outcome.status, outcome.error, next, this.now()],
        );
        return true;
      });
      if (!sent) return attempted;
      attempted++;
      if (onlyId) return attempted;
    }
  }

  private async post(
    url: string,
    payload: unknown,
  ): Promise<{ ok: boolean; retry: boolean; status: number | null; error: string | null }> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'keel-webhooks' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(this.settings.timeoutMs),
        redirect: 'manual',
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return { ok: true, retry: false, status: response.status, error: null };
      return {
        ok: false,
        retry: retryable(response.status),
        status: response.status,
        error: `HTTP ${response.status}`,
      };
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return { ok: false, retry: true, status: null, error: message.slice(0, 500) };
    }
  }

  /** Retries due deliveries every `everyMs` until stopped (nothing to do, and no timer, without any URL). */
  start(everyMs = 5_000): void {
    if (this.timer || Object.keys(this.settings.urls).length === 0) return;
    this.timer = setInterval(() => void this.deliverDue().catch(() => undefined), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
