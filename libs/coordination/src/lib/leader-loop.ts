import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { LeaderElections } from './coordination.module';
import type { LeaderElection } from './leader-election';

/** What one turn of a leader loop gets: a signal that aborts on shutdown or lost leadership. */
export interface LeaderTurn {
  signal: AbortSignal;
  /** True while this process still leads (asks ZooKeeper): check it before each unit of work. */
  stillLeading: () => Promise<boolean>;
}

export interface LeaderLoopOptions {
  /** The ZooKeeper election whose leader runs the loop. */
  election: string;
  /** One unit of work, run again and again while this process leads. */
  turn: (turn: LeaderTurn) => Promise<void>;
  /** How long to rest after a turn that took `turnMs` (also after a failed one). */
  restMs: (turnMs: number) => number;
  /** A turn threw (not called when it threw because the signal aborted). */
  onError: (error: unknown) => void;
  /** Logged on election and revocation. */
  log: { elected: () => void; revoked: (reason: string) => void };
  /**
   * When leadership is revoked mid-turn, let the turn finish (its `stillLeading` answers false, so
   * it stops at its next unit of work) instead of aborting its signal. The signal then aborts on
   * shutdown only. Default false.
   */
  finishTurnOnRevoke?: boolean;
}

/**
 * A job that only the elected leader runs, forever: joins the election, runs `turn` in a loop while
 * leading, stops between turns (and aborts the turn's signal) when leadership is revoked or the
 * process shuts down, and starts again when elected again. One loop at a time per process.
 */
export class LeaderLoop {
  private election: LeaderElection | undefined;
  private leading = false;
  private loop: Promise<void> | undefined;
  private readonly shutdown = new AbortController();
  private stopLeading = new AbortController();

  constructor(
    private readonly elections: LeaderElections,
    private readonly options: LeaderLoopOptions,
  ) {}

  async start(): Promise<void> {
    this.election = await this.elections.join(this.options.election, {
      onElected: () => {
        this.options.log.elected();
        this.leading = true;
        this.stopLeading = new AbortController();
        this.loop ??= this.run().finally(() => (this.loop = undefined));
      },
      onRevoked: (reason) => {
        this.options.log.revoked(reason);
        this.leading = false;
        this.stopLeading.abort();
      },
    });
  }

  isLeader(): boolean {
    return this.leading && (this.election?.isLeader() ?? false);
  }

  async stop(): Promise<void> {
    this.leading = false;
    this.shutdown.abort();
    this.stopLeading.abort();
    await this.loop;
    if (this.election) await this.elections.leave(this.election);
  }

  private async run(): Promise<void> {
    while (this.leading && !this.shutdown.signal.aborted) {
      const stop = AbortSignal.any([this.shutdown.signal, this.stopLeading.signal]);
      const signal = this.options.finishTurnOnRevoke ? this.shutdown.signal : stop;
      const started = performance.now();
      try {
        await this.options.turn({
          signal,
          stillLeading: async () => this.leading && ((await this.election?.confirmLeadership()) ?? false),
        });
      } catch (error) {
        if (!signal.aborted) this.options.onError(error);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, this.options.restMs(performance.now() - started)));
        stop.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
  }
}

/**
 * A Nest provider that runs one leader loop for the app's lifetime: joins the election at
 * bootstrap and leaves it at shutdown (a turn in hand finishes or aborts first). Subclasses build
 * `loop` in their constructor.
 */
export abstract class LeaderScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected abstract readonly loop: LeaderLoop;

  onApplicationBootstrap(): Promise<void> {
    return this.loop.start();
  }

  isLeader(): boolean {
    return this.loop.isLeader();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }
}
