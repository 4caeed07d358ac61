// Worker-thread side of extract-in-worker.ts: extracts one file and posts the result back.
import { parentPort, workerData } from 'node:worker_threads';
import { extractAttachmentText } from '../extract/extract-text.ts';
import type { ExtractLimits } from '../extract/limits.ts';

interface Job {
  data: Uint8Array;
  name: string;
  limits: ExtractLimits;
}

const job = workerData as Job;
const result = await extractAttachmentText(job.data, job.name, job.limits);
parentPort?.postMessage(result);
