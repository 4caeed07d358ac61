import { expect, it } from 'vitest';
import { newPublicId } from './ids.ts';

it('public ids are 128-bit base64url and never start with "-" (they would read as an option on a command line)', () => {
  const ids = Array.from({ length: 20_000 }, newPublicId);
  for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  expect(new Set(ids).size).toBe(ids.length);
});
