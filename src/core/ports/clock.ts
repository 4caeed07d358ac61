/** Time is injected everywhere so that expiry, backoff and code lifetimes are testable. */
export interface Clock {
  now(): Date;
}
