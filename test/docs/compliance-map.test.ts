// docs/compliance.md maps each requirement to the test that proves it. This keeps the map honest: every test it
// names exists, every quoted test title is in that file, and every requirement called met names a proof.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const map = readFileSync(path.join(repoRoot, 'docs/compliance.md'), 'utf8');
/** A table row of the map: `| id | requirement | how | proved by | status |`. */
const rows = map.split('\n').filter((line) => /^\| *(NTA|ASVS)[^|]*\|/.test(line));
const REFERENCE = /`((?:test|src|bench)\/[^`]+?\.ts)`(?: › "([^"]+)")?/g;

it('maps requirements of both standards', () => {
  expect(rows.filter((r) => r.startsWith('| NTA')).length).toBeGreaterThanOrEqual(8);
  expect(rows.filter((r) => r.startsWith('| ASVS')).length).toBeGreaterThanOrEqual(15);
});

it('names only tests that exist, with titles that are in them', () => {
  const missing: string[] = [];
  for (const row of rows) {
    const titled = [...row.matchAll(REFERENCE)].filter(([, , title]) => title !== undefined).length;
    if ((row.match(/›/g) ?? []).length !== titled) missing.push(`a malformed › "title" in: ${row.slice(0, 60)}`);
    for (const [, file = '', title] of row.matchAll(REFERENCE)) {
      const full = path.join(repoRoot, file);
      if (!existsSync(full)) {
        missing.push(`${file} (no such file)`);
        continue;
      }
      if (title && !readFileSync(full, 'utf8').includes(title)) missing.push(`${file} › "${title}" (no such test title)`);
    }
  }
  expect(missing).toEqual([]);
});

it('gives every requirement a status, and a proof to every one that is met', () => {
  for (const row of rows) {
    const cells = row.split('|').map((c) => c.trim());
    const status = cells.at(-2) ?? '';
    expect(status, row).toMatch(/^(Met|Partly met|Not met)\b/);
    if (status.startsWith('Met') || status.startsWith('Partly')) expect([...row.matchAll(REFERENCE)].length, row).toBeGreaterThan(0);
  }
});
