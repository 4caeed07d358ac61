// Module worker: seals/opens batches of STREAM chunks. One message carries many chunks (their buffers transferred,
// not copied) because a round trip per 64 KiB chunk cost more than the cipher itself. Uses libsodium's
// WebAssembly ChaCha20-Poly1305 and falls back to pure-JS @noble where WebAssembly is unavailable.
import { nobleChunkCipher } from '../chunk-cipher.ts';
import { CHUNK_SIZE } from '../stream-format.ts';
import type { BatchReply, BatchRequest, ChunkJob } from './worker-protocol.ts';
import { loadSodiumInPlace } from './sodium-chunk-cipher.ts';

const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<BatchRequest>) => void) | null;
  postMessage(message: BatchReply, transfer: Transferable[]): void;
};

/** Runs one job; returns the output (a view of the job's own buffer where possible), or null if it failed. */
type Runner = (job: ChunkJob) => Uint8Array | null;

const noble: Runner = (job) => {
  const input = job.data.subarray(0, job.length);
  try {
    // Synchronous backend; the cast keeps ChunkCipher's wider signature out of the loop.
    const out = (job.op === 'seal' ? nobleChunkCipher.seal(job.key, job.nonce, input) : nobleChunkCipher.open(job.key, job.nonce, input)) as Uint8Array;
    job.data.set(out);
    return job.data.subarray(0, out.length);
  } catch {
    return null;
  }
};

const engine: Promise<{ runner: Runner; name: BatchReply['engine'] }> = loadSodiumInPlace(CHUNK_SIZE).then(
  (inPlace) => ({
    name: 'libsodium-wasm' as const,
    runner: (job: ChunkJob) => {
      const n = inPlace(job.op, job.key, job.nonce, job.data, job.length);
      return n < 0 ? null : job.data.subarray(0, n);
    },
  }),
  () => ({ name: 'noble' as const, runner: noble }),
);

scope.onmessage = (event) => {
  void engine.then((e) => run(e, event.data));
};

function run({ runner, name }: Awaited<typeof engine>, { id, jobs }: BatchRequest): void {
  const results = jobs.map((job) => {
    try {
      return runner(job);
    } catch {
      return null;
    }
  });
  // Every job's buffer goes back, used or not, so nothing is copied on the way.
  scope.postMessage({ id, engine: name, results }, jobs.map((job) => job.data.buffer));
}
