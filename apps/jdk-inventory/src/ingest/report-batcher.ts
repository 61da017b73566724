import type { IngestItem, IngestOutcome, ReportIngestService } from './report-ingest.service';

interface Waiting {
  item: IngestItem;
  resolve: (outcome: IngestOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for `POST /reports`: at most `maxInFlight` transactions write at once; reports arriving
 * meanwhile wait and go together into the next one (up to `maxBatch`), so a batch grows with the load
 * and HTTP ingest costs what a Kafka round costs instead of one transaction per agent. An idle batcher
 * waits `maxWaitMs` for company before writing. Each caller still gets its own outcome (the same
 * reportId twice in a batch: the first is stored, the second a duplicate). When a batch fails, each
 * report is written again alone: one report the database refuses fails only its own request.
 */
export class ReportBatcher {
  private pending: Waiting[] = [];
  private timer?: NodeJS.Timeout;
  private inFlight = 0;

  constructor(
    private readonly ingest: ReportIngestService,
    private readonly maxBatch = 200,
    private readonly maxWaitMs = 5,
    private readonly maxInFlight = 2,
  ) {}

  submit(item: IngestItem): Promise<IngestOutcome> {
    return new Promise<IngestOutcome>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.inFlight >= this.maxInFlight) return; // the next batch starts when one finishes
      if (this.pending.length >= this.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.maxWaitMs);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0 || this.inFlight >= this.maxInFlight) return;
    const batch = this.pending.slice(0, this.maxBatch);
    this.pending = this.pending.slice(batch.length);
    this.inFlight++;
    void this.write(batch).finally(() => {
      this.inFlight--;
      if (this.pending.length > 0) this.flush();
    });
  }

  private async write(batch: Waiting[]): Promise<void> {
    try {
      const outcomes = await this.ingest.ingest(batch.map((w) => w.item));
      batch.forEach((w, n) => {
        const outcome = outcomes[n];
        if (outcome) w.resolve(outcome);
        else w.reject(new Error(`no outcome for report ${w.item.report.reportId}`));
      });
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      for (const w of batch) {
        await this.ingest.ingest([w.item]).then(
          ([outcome]) => (outcome ? w.resolve(outcome) : w.reject(error)),
          (alone: unknown) => w.reject(alone),
        );
      }
    }
  }
}
