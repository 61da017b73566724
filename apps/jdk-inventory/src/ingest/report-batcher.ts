import type { IngestItem, IngestOutcome, ReportIngestService } from '../inventory/report-ingest.service';

interface Waiting {
  item: IngestItem;
  resolve: (outcome: IngestOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for `POST /reports`: reports arriving within `maxWaitMs` of each other (up to `maxBatch`)
 * are written in one transaction, so HTTP ingest costs what a Kafka round costs instead of one
 * transaction per agent. Each caller still gets its own outcome (the same reportId twice in a batch:
 * the first is stored, the second a duplicate). When a batch fails, each report is written again
 * alone: one report the database refuses fails only its own request.
 */
export class ReportBatcher {
  private pending: Waiting[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly ingest: ReportIngestService,
    private readonly maxBatch = 200,
    private readonly maxWaitMs = 5,
  ) {}

  submit(item: IngestItem): Promise<IngestOutcome> {
    return new Promise<IngestOutcome>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.maxWaitMs);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) void this.write(batch);
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
