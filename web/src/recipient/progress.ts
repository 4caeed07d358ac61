// Transfer progress as a person reads it: bytes done of total, a smoothed speed and the time left.
export interface ProgressSnapshot {
  done: number;
  total: number;
  /** Bytes per second, smoothed over the last few seconds; 0 until measurable. */
  speed: number;
  /** Seconds left at the current speed, or undefined while unknown. */
  secondsLeft: number | undefined;
}

export interface ProgressTracker {
  add(bytes: number): void;
  snapshot(): ProgressSnapshot;
}

export function createProgressTracker(total: number, now: () => number = () => performance.now()): ProgressTracker {
  let done = 0;
  // Samples of (time, done) over a sliding window: robust against bursty chunk arrival.
  const samples: Array<{ at: number; done: number }> = [{ at: now(), done: 0 }];
  const windowMs = 5000;
  return {
    add(bytes) {
      done += bytes;
      const at = now();
      samples.push({ at, done });
      while (samples.length > 2 && (samples[0]?.at ?? at) < at - windowMs) samples.shift();
    },
    snapshot() {
      const first = samples[0];
      const last = samples[samples.length - 1];
      const elapsed = first && last ? (last.at - first.at) / 1000 : 0;
      const speed = first && last && elapsed > 0.25 ? (last.done - first.done) / elapsed : 0;
      const secondsLeft = speed > 0 ? Math.max(0, (total - done) / speed) : undefined;
      return { done, total, speed, secondsLeft };
    },
  };
}
