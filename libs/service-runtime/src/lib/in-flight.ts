/** The claim on an `InFlight` slot: free it, or hand it background work that frees it when done. */
export interface InFlightClaim {
  /** Frees the slot (a start refused after claiming). Idempotent. */
  release(): void;
  /** Runs `work` in the background and frees the slot when it settles; a failure goes to `onError`. */
  runInBackground(work: Promise<unknown>, onError: (error: unknown) => void): void;
}

/**
 * One piece of background work at a time in this process, whichever transport asked for it (an HTTP
 * controller and an RPC handler share one service, which holds one slot). `claim` takes the slot at
 * once, before any await, so two starts arriving together cannot both pass; it throws `refuse()`
 * while the slot is held.
 */
export class InFlight {
  private held = false;

  get busy(): boolean {
    return this.held;
  }

  claim(refuse: () => Error): InFlightClaim {
    if (this.held) throw refuse();
    this.held = true;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.held = false;
    };
    return {
      release,
      runInBackground: (work, onError) => {
        void work.catch(onError).finally(release);
      },
    };
  }
}
