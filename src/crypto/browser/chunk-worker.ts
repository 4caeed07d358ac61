// Module worker: seals/opens batches of STREAM chunks. One message carries many chunks (their buffers transferred,
// not copied) because a round trip per 64 KiB chunk cost more than the cipher itself. Uses libsodium's
// WebAssembly ChaCha20-Poly1305 and falls back to pure-JS @noble where WebAssembly is unavailable.
import { nobleChunkCipher, type ChunkCipher } from '../chunk-cipher.ts';
import type { BatchReply, BatchRequest } from './worker-protocol.ts';
import { loadSodiumChunkCipher } from './sodium-chunk-cipher.ts';

const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<BatchRequest>) => void) | null;
  postMessage(message: BatchReply, transfer: Transferable[]): void;
};

const engine: Promise<{ cipher: ChunkCipher; name: BatchReply['engine'] }> = loadSodiumChunkCipher().then(
  (cipher) => ({ cipher, name: 'libsodium-wasm' as const }),
  () => ({ cipher: nobleChunkCipher, name: 'noble' as const }),
);

scope.onmessage = (event) => {
  void engine.then((e) => run(e, event.data));
};

function run({ cipher, name }: Awaited<typeof engine>, { id, jobs }: BatchRequest): void {
  const results: (Uint8Array | null)[] = [];
  const transfer: Transferable[] = [];
  for (const job of jobs) {
    try {
      // Both engines are synchronous; the cast keeps ChunkCipher's wider signature out of the loop.
      const raw = (job.op === 'seal' ? cipher.seal(job.key, job.nonce, job.data) : cipher.open(job.key, job.nonce, job.data)) as Uint8Array;
      // A buffer can be transferred only once, and a view may share one: give each result its own.
      const out = raw.byteOffset === 0 && raw.byteLength === raw.buffer.byteLength ? raw : raw.slice();
      results.push(out);
      transfer.push(out.buffer);
    } catch {
      results.push(null);
    }
  }
  scope.postMessage({ id, engine: name, results }, transfer);
}
