import { z } from 'zod';
import type { JobLogger } from './log.ts';
import { safeErrorMessage } from './safe-error.ts';
import { createSleeper } from './sleeper.ts';
import type { Sleeper } from './sleeper.ts';

const jobSchema = z.strictObject({
  name: z.string().min(1),
  intervalMs: z.number().int().positive(),
  /** Receives a signal that aborts when the scheduler stops; long sweeps should check it. */
  run: z.custom<(signal: AbortSignal) => Promise<void>>((v) => typeof v === 'function', 'must be a function'),
  /** Run once right at start (default) or only after the first interval. */
  runAtStart: z.boolean().default(true),
});

export type ScheduledJob = z.input<typeof jobSchema>;

export interface Scheduler {
  /** Adds a job; before or after start. Names are unique. */
  add(job: ScheduledJob): void;
  start(): void;
  /** Stops scheduling, aborts the signal and waits for runs in progress to finish. */
  stop(): Promise<void>;
  /** Runs a job now (not overlapping a run in progress); for tests and admin commands. */
  runNow(name: string): Promise<void>;
}

interface Entry {
  job: z.output<typeof jobSchema>;
  sleeper: Sleeper;
  current: Promise<void> | undefined;
  loop: Promise<void> | undefined;
}

/**
 * A tiny periodic runner for sweeps (expiry, deletion). Each job runs, then waits its interval, so
 * runs of one job never overlap; a failing run is logged and the job runs again next interval.
 */
export function createScheduler(options: { logger: JobLogger }): Scheduler {
  z.strictObject({ logger: z.custom<JobLogger>((v) => typeof v === 'object' && v !== null) }).parse(options);
  const { logger } = options;
  const entries = new Map<string, Entry>();
  let controller = new AbortController();
  let running = false;

  async function runEntry(entry: Entry): Promise<void> {
    while (entry.current) await entry.current;
    const run = entry.job
      .run(controller.signal)
      .catch((error: unknown) => logger.warn({ job: entry.job.name, err: safeErrorMessage(error) }, 'scheduled job failed'))
      .finally(() => (entry.current = undefined));
    entry.current = run;
    await run;
  }

  async function loop(entry: Entry): Promise<void> {
    if (!entry.job.runAtStart) await entry.sleeper.sleep(entry.job.intervalMs);
    while (running) {
      await runEntry(entry);
      if (running) await entry.sleeper.sleep(entry.job.intervalMs);
    }
  }

  return {
    add(job) {
      const parsed = jobSchema.parse(job);
      if (entries.has(parsed.name)) throw new Error(`A scheduled job named ${parsed.name} exists already`);
      const entry: Entry = { job: parsed, sleeper: createSleeper(), current: undefined, loop: undefined };
      entries.set(parsed.name, entry);
      if (running) entry.loop = loop(entry);
    },
    start() {
      if (running) return;
      running = true;
      controller = new AbortController();
      for (const entry of entries.values()) {
        entry.sleeper = createSleeper();
        entry.loop = loop(entry);
      }
    },
    async stop() {
      running = false;
      controller.abort();
      for (const entry of entries.values()) entry.sleeper.wake();
      await Promise.all([...entries.values()].map((entry) => entry.loop ?? Promise.resolve()));
      await Promise.all([...entries.values()].map((entry) => entry.current ?? Promise.resolve()));
    },
    async runNow(name) {
      const entry = entries.get(name);
      if (!entry) throw new Error(`No scheduled job named ${name}`);
      await runEntry(entry);
    },
  };
}
