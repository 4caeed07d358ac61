import { describe, expect, it } from 'vitest';
import { createIdGenerator } from './ids.ts';

describe('id generator', () => {
  it('produces RFC 9562 version-7 UUIDs', () => {
    const id = createIdGenerator()();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('is strictly increasing within one millisecond and when the clock goes back', () => {
    const times = [1000, 1000, 1000, 999, 1001];
    const next = createIdGenerator(() => times.shift() ?? 1001);
    const ids = [next(), next(), next(), next(), next()];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('stays increasing when more than 4096 ids share a millisecond', () => {
    const next = createIdGenerator(() => 5);
    const ids = Array.from({ length: 5000 }, next);
    expect([...ids].sort()).toEqual(ids);
  });
});
