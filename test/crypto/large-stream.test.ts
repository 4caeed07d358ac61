// Bounded memory in the default run: 448 MiB through encrypt → decrypt must not grow RSS by more than 96 MiB after
// warm-up (a leak of the data itself would grow it by 384 MiB). The 3 GiB run is in test/soak.
import { describe, it } from 'vitest';
import { expectConstantMemoryStream } from './stream-memory.ts';

const MiB = 1024 ** 2;

describe('streaming memory', () => {
  it('encrypts and decrypts 448 MiB with bounded memory, exact size and identical plaintext', { timeout: 120_000 }, async () => {
    await expectConstantMemoryStream(448 * MiB + 12345, { warmUp: 64 * MiB, sample: 16 * MiB, boundBytes: 96 * MiB });
  });
});
