// Constant memory through encrypt → decrypt (node:crypto path) in one pipeline: the plaintext hash is checked end
// to end and RSS must stay bounded while far more data passes than the bound. Run at 3 GiB in the soak project and
// at a few hundred MiB in the default run.
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { decryptStream, encryptStream, encryptedSize, generateMessageIdentity } from '../../src/crypto/node.ts';

const PIECE = 1024 * 1024;

/** Streams `TOTAL` bytes through encryption and decryption; RSS growth after `warmUp` bytes must stay below `boundBytes`. */
export async function expectConstantMemoryStream(TOTAL: number, options: { warmUp: number; sample: number; boundBytes: number }): Promise<void> {
  const { warmUp, sample } = options;
  const { identity, recipient } = await generateMessageIdentity();
  const inHash = createHash('sha256');
  const outHash = createHash('sha256');
  const block = new Uint8Array(PIECE);
  for (let i = 0; i < PIECE; i++) block[i] = (i * 7) & 0xff;

  async function* source(): AsyncGenerator<Uint8Array> {
    for (let off = 0, n = 0; off < TOTAL; off += PIECE, n++) {
      const piece = block.subarray(0, Math.min(PIECE, TOTAL - off));
      new DataView(piece.buffer).setUint32(0, n); // vary every piece so reordering would change the hash
      inHash.update(piece);
      yield piece;
      await Promise.resolve();
    }
  }

  let cipherBytes = 0;
  async function* countCiphertext(s: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const c of s) {
      cipherBytes += c.length;
      yield c;
    }
  }

  let plainBytes = 0;
  let baseline = 0;
  let peak = 0;
  for await (const chunk of decryptStream(countCiphertext(encryptStream(source(), { recipients: [recipient] })), { identity })) {
    outHash.update(chunk);
    plainBytes += chunk.length;
    if (plainBytes % sample === 0) {
      const rss = process.memoryUsage.rss();
      if (plainBytes === warmUp) baseline = rss;
      peak = Math.max(peak, rss);
    }
  }
  expect(plainBytes).toBe(TOTAL);
  expect(cipherBytes).toBe(encryptedSize(TOTAL));
  expect(outHash.digest('hex')).toBe(inHash.digest('hex'));
  // Constant memory: after warm-up, RSS grows by far less than the data that passed.
  expect(peak - baseline).toBeLessThan(options.boundBytes);
}
