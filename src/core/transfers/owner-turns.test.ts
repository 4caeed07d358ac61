import { describe, expect, it } from 'vitest';
import { SealpostError } from '../errors.ts';
import { createOwnerTurns } from './owner-turns.ts';

function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('owner turns', () => {
  it('runs the work of one key one at a time, in arrival order, and other keys meanwhile', async () => {
    const turns = createOwnerTurns({ maxWaitMs: 60_000, maxWaiting: 10 });
    const first = gate();
    const order: string[] = [];
    const a1 = turns.run('a', async () => {
      await first.promise;
      order.push('a1');
    });
    const a2 = turns.run('a', () => Promise.resolve(void order.push('a2')));
    const a3 = turns.run('a', () => Promise.resolve(void order.push('a3')));
    expect(turns.waiting('a')).toBe(2);
    await turns.run('b', () => Promise.resolve(void order.push('b')));
    first.open();
    await Promise.all([a1, a2, a3]);
    expect(order).toEqual(['b', 'a1', 'a2', 'a3']);
    expect(turns.waiting('a')).toBe(0);
  });

  it('passes the turn on when the work throws', async () => {
    const turns = createOwnerTurns({ maxWaitMs: 60_000, maxWaiting: 10 });
    const failing = turns.run('a', () => Promise.reject(new Error('boom')));
    const next = turns.run('a', () => Promise.resolve('next'));
    await expect(failing).rejects.toThrow('boom');
    expect(await next).toBe('next');
  });

  it('refuses with a retryable SP_ERR_UNAVAILABLE (Retry-After) when the turn does not come within maxWaitMs', async () => {
    const turns = createOwnerTurns({ maxWaitMs: 20, maxWaiting: 10 });
    const held = gate();
    const holder = turns.run('a', () => held.promise);
    let ran = false;
    const late = turns.run('a', () => Promise.resolve(void (ran = true)));
    const error = await late.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SealpostError);
    expect(error).toMatchObject({ code: 'SP_ERR_UNAVAILABLE', details: { retryAfterSeconds: 1 } });
    expect(ran).toBe(false);
    expect(turns.waiting('a')).toBe(0);
    held.open();
    await holder;
    // The key is free again.
    expect(await turns.run('a', () => Promise.resolve('free'))).toBe('free');
  });

  it('refuses at once when maxWaiting callers already wait for the key', async () => {
    const turns = createOwnerTurns({ maxWaitMs: 60_000, maxWaiting: 1 });
    const held = gate();
    const holder = turns.run('a', () => held.promise);
    const waiting = turns.run('a', () => Promise.resolve('second'));
    await expect(turns.run('a', () => Promise.resolve('third'))).rejects.toMatchObject({ code: 'SP_ERR_UNAVAILABLE' });
    held.open();
    await holder;
    expect(await waiting).toBe('second');
  });
});
