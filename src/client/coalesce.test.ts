import { expect, it } from 'vitest';
import { coalesce } from './coalesce.ts';

async function collect(pieces: Uint8Array[], target: number): Promise<Uint8Array[]> {
  async function* source() {
    yield* pieces;
  }
  const out: Uint8Array[] = [];
  for await (const piece of coalesce(source(), target)) out.push(piece);
  return out;
}

it('joins small pieces into writes of the target size, keeps every byte in order, and passes large pieces through', async () => {
  const pieces = Array.from({ length: 25 }, (_, i) => new Uint8Array(i % 3 === 2 ? 16 : 100).fill(i));
  const out = await collect(pieces, 1000);
  const joined = (xs: Uint8Array[]) => Buffer.concat(xs.map((x) => Buffer.from(x)));
  expect(joined(out).equals(joined(pieces))).toBe(true);
  expect(out.slice(0, -1).every((p) => p.length >= 1000)).toBe(true);
  const big = new Uint8Array(5000).fill(7);
  const passed = await collect([big], 1000);
  expect(passed).toHaveLength(1);
  expect(passed[0]).toBe(big);
  expect(await collect([], 1000)).toEqual([]);
});
