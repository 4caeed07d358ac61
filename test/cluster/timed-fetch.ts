// The scenario's fetch: times every API call (to the response headers) and, like a client behind a load balancer,
// repeats a request once more when the process that took it died (nginx answers 502: the request reached the
// process, so nginx itself does not resend a POST). The client core copes with the repeat: a send found already
// sent is success, a second compose leaves an unsent draft that expires.
import { setTimeout as sleep } from 'node:timers/promises';

export function createTimedFetch(): { fetch: typeof fetch; durations: number[]; retried: () => number } {
  const durations: number[] = [];
  let retried = 0;
  const timedFetch: typeof fetch = async (input, init) => {
    for (let attempt = 0; ; attempt++) {
      const started = performance.now();
      const response = await fetch(input, init);
      durations.push(performance.now() - started);
      if (response.status !== 502 || attempt >= 2) return response;
      await response.body?.cancel();
      retried += 1;
      await sleep(200);
    }
  };
  return { fetch: timedFetch, durations, retried: () => retried };
}

/** The p-th percentile (nearest rank) of `values`, ms rounded to 0.1; 0 for none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round((sorted[rank] ?? 0) * 10) / 10;
}
