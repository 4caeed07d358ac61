import { describe, expect, it } from 'vitest';
import { createCaptureLogger } from '../../test/jobs/capture-logger.ts';
import { createScheduler } from './scheduler.ts';

function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('scheduler', () => {
  it('runs a job at start and on demand, never two runs of one job at once', async () => {
    const scheduler = createScheduler({ logger: createCaptureLogger() });
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const started = gate();
    scheduler.add({
      name: 'sweep',
      intervalMs: 3_600_000,
      run: async () => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        runs += 1;
        started.open();
        await new Promise((resolve) => setImmediate(resolve));
        active -= 1;
      },
    });
    scheduler.start();
    await started.promise;
    await Promise.all([scheduler.runNow('sweep'), scheduler.runNow('sweep')]);
    await scheduler.stop();
    expect(runs).toBe(3);
    expect(maxActive).toBe(1);
  });

  it('stop() aborts the signal and waits for the run in progress', async () => {
    const scheduler = createScheduler({ logger: createCaptureLogger() });
    const started = gate();
    let finished = false;
    scheduler.add({
      name: 'long',
      intervalMs: 3_600_000,
      run: async (signal) => {
        started.open();
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
        finished = true;
      },
    });
    scheduler.start();
    await started.promise;
    await scheduler.stop();
    expect(finished).toBe(true);
  });

  it('logs a failing run and keeps the job scheduled', async () => {
    const logger = createCaptureLogger();
    const scheduler = createScheduler({ logger });
    let runs = 0;
    scheduler.add({
      name: 'flaky',
      intervalMs: 1,
      runAtStart: true,
      run: () => {
        runs += 1;
        return runs === 1 ? Promise.reject(new Error('secret detail')) : Promise.resolve();
      },
    });
    scheduler.start();
    while (runs < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    await scheduler.stop();
    expect(logger.entries.filter((e) => e.message === 'scheduled job failed')).toHaveLength(1);
    expect(logger.text()).not.toContain('secret detail');
  });

  it('rejects duplicate names, unknown jobs and invalid options', async () => {
    const scheduler = createScheduler({ logger: createCaptureLogger() });
    scheduler.add({ name: 'a', intervalMs: 10, run: () => Promise.resolve() });
    expect(() => scheduler.add({ name: 'a', intervalMs: 10, run: () => Promise.resolve() })).toThrow();
    expect(() => scheduler.add({ name: 'b', intervalMs: 0, run: () => Promise.resolve() })).toThrow();
    await expect(scheduler.runNow('missing')).rejects.toThrow();
  });
});
