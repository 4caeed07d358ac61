// Constant memory: 3 GiB of generated data through encrypt → decrypt (node:crypto path) in one pipeline, checking
// the plaintext hash end to end and that RSS stays bounded while 3 GiB pass. The pure-JS and Chromium paths are
// measured at 1 GiB in bench/crypto.ts.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptStream, encryptStream, encryptedSize, generateMessageIdentity } from '../../src/crypto/node.ts';

const GiB = 1024 ** 3;
const TOTAL = 3 * GiB + 12345; // not chunk-aligned, so the last chunk is partial
const PIECE = 1024 * 1024;

describe('multi-GiB streaming', () => {
  it('encrypts and decrypts 3 GiB with constant memory, exact size and identical plaintext', { timeout: 180_000 }, async () => {
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
      if (plainBytes % (64 * 1024 * 1024) === 0) {
        const rss = process.memoryUsage.rss();
        if (plainBytes === 256 * 1024 * 1024) baseline = rss;
        peak = Math.max(peak, rss);
      }
    }
    expect(plainBytes).toBe(TOTAL);
    expect(cipherBytes).toBe(encryptedSize(TOTAL));
    expect(outHash.digest('hex')).toBe(inHash.digest('hex'));
    // Constant memory: after warm-up, RSS grows by far less than the data that passed (3 GiB).
    expect(peak - baseline).toBeLessThan(256 * 1024 * 1024);
  });
});
