/** Counts work in progress, so shutdown can wait for turns that were already acknowledged. */
export class InFlight {
  private count = 0;
  private idle: Array<() => void> = [];

  /** Runs `work`, counting it until it settles. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    this.count++;
    try {
      return await work();
    } finally {
      this.count--;
      if (this.count === 0) for (const resolve of this.idle.splice(0)) resolve();
    }
  }

  get size(): number {
    return this.count;
  }

  /** Resolves true once nothing is in flight, or false after `timeoutMs`. */
  drain(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      timer.unref();
      this.idle.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
