import { WebhookNotifier, webhookSettingsFromEnv, type WebhookEvent } from '@keel/webhooks';
import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';

/** The message when installations needing a paid licence went from `previous` to `current`. */
export function licenceExposureGrew(
  previous: number,
  current: number,
  consoleUrl?: string,
): WebhookEvent | null {
  if (current <= previous) return null;
  return {
    kind: 'fleet.licence-exposure-grew',
    dedupKey: `fleet.licence-exposure-grew:${previous}->${current}`,
    title: `Licence exposure grew: ${current} installations need a paid licence (was ${previous})`,
    text: `${current - previous} more JDK installation(s) in the fleet run under terms that need a paid licence (e.g. Oracle JDK 8u211+ or 11 under OTN). The upgrade plan's first wave lists them with a free target.`,
    fields: { now: current, before: previous, growth: current - previous },
    link: consoleUrl ? `${consoleUrl}#/plan` : undefined,
  };
}

const WATERMARK = 'fleet.licence-exposure';

/**
 * Every `everyMs`, counts live installations with licence risk `paid-licence-required` and notifies when
 * the count rose above the last one seen (kept in `webhook_watermarks`, so a restart does not re-notify
 * and several instances agree). The first count is a baseline, not growth.
 */
export class LicenceExposureScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LicenceExposureScheduler');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly webhooks: WebhookNotifier,
    private readonly everyMs: number,
    private readonly consoleUrl?: string,
  ) {}

  onApplicationBootstrap(): void {
    if (this.everyMs <= 0) return;
    this.webhooks.start();
    this.timer = setInterval(
      () => void this.check().catch((e: Error) => this.logger.warn(e.message)),
      this.everyMs,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.webhooks.stop();
  }

  /** One look: returns the event sent, if the exposure grew. */
  async check(): Promise<WebhookEvent | null> {
    await this.db.query(
      `CREATE TABLE IF NOT EXISTS webhook_watermarks (key TEXT PRIMARY KEY, value BIGINT NOT NULL, updated_at TIMESTAMPTZ(3) NOT NULL DEFAULT now())`,
    );
    const [{ n }]: { n: number }[] = await this.db.query(
      "SELECT count(*)::int AS n FROM jdk_installations WHERE NOT stale AND licence_risk = 'paid-licence-required'",
    );
    // read the old value under a row lock and write the new one in one transaction: two instances
    // cannot both see the same growth
    const previous = await this.db.transaction(async (m) => {
      await m.query(
        'INSERT INTO webhook_watermarks (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING',
        [WATERMARK, -1],
      );
      const [row]: { value: string }[] = await m.query(
        'SELECT value FROM webhook_watermarks WHERE key = $1 FOR UPDATE',
        [WATERMARK],
      );
      await m.query('UPDATE webhook_watermarks SET value = $2, updated_at = now() WHERE key = $1', [
        WATERMARK,
        n,
      ]);
      return row === undefined || Number(row.value) < 0 ? null : Number(row.value);
    });
    if (previous === null) return null;
    const event = licenceExposureGrew(previous, n, this.consoleUrl);
    if (event) await this.webhooks.notify(event);
    return event;
  }
}

/** The scheduler as the app runs it: off (no timer, no table) unless its webhook URL is set. */
export function createLicenceExposureScheduler(db: DataSource, everyS: number): LicenceExposureScheduler {
  const settings = webhookSettingsFromEnv();
  const on = settings.urls['fleet.licence-exposure-grew'] !== undefined;
  return new LicenceExposureScheduler(
    db,
    new WebhookNotifier(db, settings),
    on ? everyS * 1000 : 0,
    process.env['KEEL_CONSOLE_URL'],
  );
}
