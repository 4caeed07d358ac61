import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { z } from 'zod';
import { withLease } from '../core/leases/with-lease.ts';
import type { LeaseRepository } from '../core/ports/leases.ts';
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
  /**
   * This job's lease lifetime instead of the scheduler's `leases.ttlMs`: how long a crashed holder keeps the job
   * from running elsewhere. Short for a job that runs for as long as it holds the lease (the audit sealer).
   */
  leaseTtlMs: z.number().int().positive().optional(),
});

export type ScheduledJob = z.input<typeof jobSchema>;

const optionsSchema = z.strictObject({
  logger: z.custom<JobLogger>((v) => typeof v === 'object' && v !== null),
  /**
   * With several server processes on one database: each run first takes the lease `sweep:NAME`, so
   * one process at a time runs a job; the others skip that round. Renewed while the run lasts; a
   * crashed holder's lease runs out after `ttlMs`.
   */
  leases: z
    .strictObject({
      repository: z.custom<LeaseRepository>((v) => typeof v === 'object' && v !== null && 'acquire' in v, 'must be a LeaseRepository'),
      holder: z.string().min(1).max(200).optional(),
      ttlMs: z.number().int().positive().default(120_000),
    })
    .optional(),
});

export type SchedulerOptions = z.input<typeof optionsSchema>;

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
 * runs of one job never overlap in this process, and with `leases` in no other process either; a
 * failing run is logged and the job runs again next interval.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const o = optionsSchema.parse(options);
  const { logger } = o;
  const holder = o.leases?.holder ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const entries = new Map<string, Entry>();
  let controller = new AbortController();
  let running = false;

  /** Runs the job under its lease; skips the round when another process holds it. */
  async function runLeased(job: Entry['job'], signal: AbortSignal): Promise<void> {
    if (!o.leases) return job.run(signal);
    const { repository } = o.leases;
    const ttlMs = job.leaseTtlMs ?? o.leases.ttlMs;
    const onRenewalError = (error: unknown): void => logger.warn({ job: job.name, err: safeErrorMessage(error) }, 'could not renew the lease of a scheduled job');
    // A lost lease (expired while the database was unreachable) stops the run like a shutdown does.
    const outcome = await withLease(repository, { name: `sweep:${job.name}`, holder, ttlMs, onRenewalError }, (lost) => job.run(AbortSignal.any([signal, lost])));
    if (!outcome.ran) logger.debug({ job: job.name }, 'scheduled job skipped: another process is running it');
  }

  async function runEntry(entry: Entry): Promise<void> {
    while (entry.current) await entry.current;
    const run = runLeased(entry.job, controller.signal)
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
