// Constant memory: 3 GiB of generated data through encrypt → decrypt (node:crypto path) in one pipeline, checking
// the plaintext hash end to end and that RSS stays bounded while 3 GiB pass. The pure-JS and Chromium paths are
// measured at 1 GiB in bench/crypto.ts.
import { describe, it } from 'vitest';
import { expectConstantMemoryStream } from '../crypto/stream-memory.ts';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

describe('multi-GiB streaming', () => {
  it('encrypts and decrypts 3 GiB with constant memory, exact size and identical plaintext', { timeout: 180_000 }, async () => {
    // Not chunk-aligned, so the last chunk is partial.
    await expectConstantMemoryStream(3 * GiB + 12345, { warmUp: 256 * MiB, sample: 64 * MiB, boundBytes: 256 * MiB });
  });
});
