/** Exponential backoff with jitter: 1 s, 2 s, 4 s … capped, reset after a success. */
export class Backoff {
  constructor({ initialMs = 1000, maxMs = 10000, factor = 2 } = {}) {
    this.initialMs = initialMs;
    this.maxMs = maxMs;
    this.factor = factor;
    this.attempt = 0;
  }

  next() {
    const base = Math.min(this.maxMs, this.initialMs * this.factor ** this.attempt);
    this.attempt++;
    // ±20 % so many pages that lost the same gateway do not come back in lockstep
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }

  reset() {
    this.attempt = 0;
  }
}
