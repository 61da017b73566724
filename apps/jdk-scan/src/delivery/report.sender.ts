import type { FleetReport } from '@keel/jdk-detect';
import { createKafka, createProducer } from '@keel/kafka-bus';
import { backoffDelayMs } from '@keel/service-runtime';

/** The inventory or Kafka refused the report or could not be reached after the retries: exit 3. */
export class DeliveryFailed extends Error {
  constructor(
    readonly destination: string,
    detail: string,
  ) {
    super(`DeliveryFailed: ${destination}: ${detail}`);
    this.name = 'DeliveryFailed';
  }
}

export interface Delivery {
  destination: string;
  status: string;
}

export interface ReportSender {
  readonly destination: string;
  send(report: FleetReport): Promise<Delivery>;
  close(): Promise<void>;
}

export interface HttpSenderOptions {
  attempts: number;
  timeoutMs: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Told about each failed attempt that will be retried. */
  onRetry?: (attempt: number, reason: string, delayMs: number) => void;
  /** This host's agent key, sent as `Authorization: Bearer`. */
  agentKey?: string;
}

/**
 * `POST <inventory>/reports`. 2xx is delivered; a 4xx other than 408/429 is a refusal (the report will not
 * become acceptable by sending it again) and fails at once; network errors, timeouts, 408, 429 and 5xx are
 * retried with exponential backoff and jitter.
 */
export class HttpReportSender implements ReportSender {
  readonly destination: string;
  private readonly url: string;

  constructor(
    baseUrl: string,
    private readonly options: HttpSenderOptions,
  ) {
    this.url = `${baseUrl.replace(/\/+$/, '')}/reports`;
    this.destination = this.url;
  }

  async send(report: FleetReport): Promise<Delivery> {
    let lastReason = '';
    for (let attempt = 1; attempt <= this.options.attempts; attempt++) {
      let retryable = true;
      try {
        const response = await fetch(this.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-request-id': report.reportId,
            ...(this.options.agentKey ? { authorization: `Bearer ${this.options.agentKey}` } : {}),
          },
          body: JSON.stringify(report),
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        const body = await response.text();
        if (response.ok) {
          return { destination: this.destination, status: deliveredStatus(body, response.status) };
        }
        lastReason = `HTTP ${response.status} ${body.slice(0, 500)}`.trim();
        retryable = response.status >= 500 || response.status === 408 || response.status === 429;
      } catch (error) {
        lastReason = describeFetchError(error);
      }
      if (!retryable) throw new DeliveryFailed(this.destination, `refused: ${lastReason}`);
      if (attempt < this.options.attempts) {
        const delayMs = backoffDelayMs(attempt, {
          baseMs: this.options.baseDelayMs ?? 500,
          maxMs: this.options.maxDelayMs ?? 15_000,
          jitter: 0.5,
        });
        this.options.onRetry?.(attempt, lastReason, delayMs);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
    throw new DeliveryFailed(
      this.destination,
      `${this.options.attempts} attempts failed, last: ${lastReason}`,
    );
  }

  async close(): Promise<void> {
    // fetch keeps no connection we own
  }
}

function deliveredStatus(body: string, httpStatus: number): string {
  try {
    const parsed = JSON.parse(body) as { status?: unknown };
    if (typeof parsed.status === 'string') return parsed.status;
  } catch {
    // a 2xx without a JSON body is still a delivery
  }
  return `http-${httpStatus}`;
}

function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'timed out';
  const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}

export interface KafkaSenderOptions {
  brokers: string[];
  topic: string;
  /** The whole delivery (connect, retries inside kafkajs, send) must finish within this. */
  deadlineMs: number;
  /** This host's agent key, sent as the `keel-agent-key` header. */
  agentKey?: string;
}

/** Produces the report to `topic` with key = hostname (one host's reports stay in order in a partition). */
export class KafkaReportSender implements ReportSender {
  readonly destination: string;
  private readonly producer;
  private connected = false;

  constructor(private readonly options: KafkaSenderOptions) {
    this.destination = `kafka://${options.brokers.join(',')}/${options.topic}`;
    this.producer = createProducer(createKafka({ clientId: 'keel-jdk-scan', brokers: options.brokers }));
  }

  async send(report: FleetReport): Promise<Delivery> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new DeliveryFailed(this.destination, `not delivered within ${this.options.deadlineMs} ms`)),
        this.options.deadlineMs,
      );
    });
    try {
      await Promise.race([this.deliver(report), deadline]);
      return { destination: this.destination, status: 'produced' };
    } catch (error) {
      if (error instanceof DeliveryFailed) throw error;
      throw new DeliveryFailed(this.destination, (error as Error).message);
    } finally {
      clearTimeout(timer);
    }
  }

  private async deliver(report: FleetReport): Promise<void> {
    if (!this.connected) {
      await this.producer.connect();
      this.connected = true;
    }
    await this.producer.send({
      topic: this.options.topic,
      messages: [
        {
          key: report.host.hostname,
          value: JSON.stringify(report),
          headers: {
            'schema-version': String(report.schemaVersion),
            'report-id': report.reportId,
            ...(this.options.agentKey ? { 'keel-agent-key': this.options.agentKey } : {}),
          },
        },
      ],
    });
  }

  async close(): Promise<void> {
    await this.producer.disconnect().catch(() => undefined);
  }
}
