/**
 * Node-only: runs attachment extraction in a worker thread with a heap limit and a wall-clock limit,
 * so a PDF that makes pdf.js spin or a container that balloons stops with a "could not be checked"
 * result instead of hanging the caller. (Node-specific; belongs with the adapters if core must stay
 * browser-pure: a browser caller wraps extract/extract-text.ts in a Web Worker the same way.)
 */
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { extractLimitsSchema } from '../extract/limits.ts';
import type { ExtractionResult } from '../types.ts';

export const workerOptionsSchema = z
  .object({
    timeoutMs: z.int().min(10).max(600_000).default(10_000),
    maxHeapMb: z.int().min(16).max(8192).default(512),
    limits: extractLimitsSchema.default(() => extractLimitsSchema.parse({})),
  })
  .strict();
export type WorkerOptions = z.input<typeof workerOptionsSchema>;

const entry = new URL('./extract-worker-entry.ts', import.meta.url);

export function extractInWorker(data: Uint8Array, name: string, options: WorkerOptions = {}): Promise<ExtractionResult> {
  const o = workerOptionsSchema.parse(options);
  if (data.byteLength > o.limits.maxInputBytes) {
    return Promise.resolve({ status: 'failed', reason: 'too-large', detail: `${data.byteLength} bytes` });
  }
  return new Promise((resolve) => {
    let settled = false;
    const worker = new Worker(entry, {
      workerData: { data, name, limits: o.limits },
      resourceLimits: { maxOldGenerationSizeMb: o.maxHeapMb, maxYoungGenerationSizeMb: 64, stackSizeMb: 8 },
      stdout: true,
      stderr: true,
    });
    const finish = (result: ExtractionResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ status: 'failed', reason: 'timeout', detail: `over ${o.timeoutMs} ms` }), o.timeoutMs);
    worker.on('message', (result: ExtractionResult) => finish(result));
    worker.on('error', (err: Error & { code?: string }) => {
      const oom = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
      finish({ status: 'failed', reason: oom ? 'resources' : 'corrupt', detail: oom ? 'memory limit reached' : err.message });
    });
    worker.on('exit', (code) => finish({ status: 'failed', reason: 'resources', detail: `worker exited with ${code}` }));
  });
}
