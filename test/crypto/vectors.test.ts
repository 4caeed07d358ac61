// The committed vectors (test/vectors/sealpost-v1.json) against both Node chunk ciphers. Chromium: browser.test.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nobleChunkCipher, nativeChunkCipher } from '../../src/crypto/node.ts';
import { checkVectors, type Vectors } from '../vectors/check-vectors.ts';

const vectors = JSON.parse(readFileSync(new URL('../vectors/sealpost-v1.json', import.meta.url), 'utf8')) as Vectors;

describe('committed test vectors', () => {
  it('cover both age producers, chunk-boundary sizes and every wrapped-value format', () => {
    expect(new Set(vectors.ageFiles.map((f) => f.producer))).toEqual(new Set(['age-cli', 'sealpost-node']));
    expect(vectors.ageFiles.map((f) => f.size)).toContain(65536);
    for (const list of [vectors.recipientWraps, vectors.accessCodes, vectors.passwordWraps, vectors.personalWraps, vectors.outboxSeals, vectors.manifests]) {
      expect(list.length).toBeGreaterThan(0);
    }
  });

  for (const [name, cipher] of [['node:crypto', nativeChunkCipher], ['@noble/ciphers', nobleChunkCipher]] as const) {
    it(`all pass with the ${name} chunk cipher`, async () => {
      expect(await checkVectors(vectors, cipher)).toEqual([]);
    });
  }
});
