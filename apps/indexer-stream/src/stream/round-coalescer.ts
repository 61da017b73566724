/** What one indexing run over the joined ids reports back, per id where it matters. */
export interface CoalescedOutcome {
  /** Ids Elasticsearch refused (for the dead letters, or a retry when retryable). */
  failed: { id: number; reason: string; retryable: boolean }[];
  /** Ids that failed on their own while the DB and Elasticsearch answered. */
  poisoned: { id: number; error: Error }[];
}

export interface RoundCoalescerOptions {
  /** Indexing runs at once: the next run's loads overlap the previous run's bulk. */
  runsInFlight: number;
  /** Largest number of distinct ids one run takes (the rest waits for the next run). */
  maxIdsPerRun: number;
}

interface Submission {
  ids: Set<number>;
  queuedAt: number;
  resolve: (outcome: CoalescedOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Joins the rounds of partitions handled at once into fewer indexing runs: each round submits its
 * distinct ids and waits; whenever a run slot is free, every queued round (up to `maxIdsPerRun` ids)
 * goes into one run, its ids de-duplicated across the rounds, so one snapshot read and one `_bulk`
 * serve several partitions. A round's promise settles only when the run that covered all its ids
 * did: resolved, the round may be committed; rejected (an outage), every round of the run fails and
 * its partition backs off. Rounds that queue while a run is busy are joined into the next.
 */
export class RoundCoalescer {
  private readonly queue: Submission[] = [];
  private running = 0;

  constructor(
    private readonly run: (ids: number[], waitedS: number) => Promise<CoalescedOutcome>,
    private readonly options: RoundCoalescerOptions,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Resolves with the failures among `ids` once a run covered them; rejects when that run failed. */
  submit(ids: readonly number[]): Promise<CoalescedOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ids: new Set(ids), queuedAt: this.now(), resolve, reject });
      this.pump();
    });
  }

  /** Rounds waiting for a run slot. */
  get waiting(): number {
    return this.queue.length;
  }

  private pump(): void {
    while (this.running < Math.max(1, this.options.runsInFlight) && this.queue.length > 0) {
      const taken: Submission[] = [];
      const ids = new Set<number>();
      while (this.queue.length > 0) {
        const next = this.queue[0] as Submission;
        // always take one round, however large (it was sized by its partition's lag)
        if (taken.length > 0 && unionSize(ids, next.ids) > this.options.maxIdsPerRun) break;
        this.queue.shift();
        taken.push(next);
        for (const id of next.ids) ids.add(id);
      }
      const started = this.now();
      const waitedS = taken.reduce((s, t) => s + (started - t.queuedAt), 0) / 1000;
      this.running++;
      this.run([...ids], waitedS).then(
        (outcome) => {
          this.running--;
          for (const t of taken) t.resolve(outcomeFor(t.ids, outcome));
          this.pump();
        },
        (error: unknown) => {
          this.running--;
          for (const t of taken) t.reject(error);
          this.pump();
        },
      );
    }
  }
}

function unionSize(a: Set<number>, b: Set<number>): number {
  let extra = 0;
  for (const id of b) if (!a.has(id)) extra++;
  return a.size + extra;
}

function outcomeFor(ids: Set<number>, outcome: CoalescedOutcome): CoalescedOutcome {
  return {
    failed: outcome.failed.filter((f) => ids.has(f.id)),
    poisoned: outcome.poisoned.filter((p) => ids.has(p.id)),
  };
}
