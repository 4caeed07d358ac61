// `npm run bench -- s3 [MiB]`: put and get one blob (default 1 GiB) through the local-disk store and the S3 store
// on Ceph RGW (TEST_S3_URL, or the cluster of scripts/ceph-rgw.sh, started if needed). Prints MiB/s each way and
// the process's peak RSS above its start, which shows that neither store buffers a blob.
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { S3Client } from '@aws-sdk/client-s3';
import { createLocalBlobStore } from '../src/adapters/blob/local-blob-store.ts';
import { createS3BlobStore } from '../src/adapters/blob/s3-blob-store.ts';
import type { BlobStore } from '../src/core/ports/blob-store.ts';
import { createTestBucket, startCephRgw } from '../test/support/ceph-rgw.ts';

const MIB = 1024 * 1024;
const totalBytes = Number(process.argv[2] ?? 1024) * MIB;
const pattern = randomBytes(16 * MIB);

async function* source(bytes: number): AsyncGenerator<Uint8Array> {
  for (let sent = 0; sent < bytes; ) {
    const n = Math.min(64 * 1024, bytes - sent);
    const at = sent % pattern.length;
    yield pattern.subarray(at, Math.min(at + n, pattern.length));
    sent += Math.min(n, pattern.length - at);
  }
}

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

async function measure(name: string, store: BlobStore): Promise<void> {
  global.gc?.();
  const baseRss = process.memoryUsage().rss;
  peakRss = baseRss;
  const t0 = performance.now();
  await store.put('bench/blob', source(totalBytes), { expectedBytes: totalBytes });
  const t1 = performance.now();
  let read = 0;
  for await (const chunk of await store.get('bench/blob')) read += (chunk as Buffer).byteLength;
  const t2 = performance.now();
  if (read !== totalBytes) throw new Error(`${name}: read ${read} of ${totalBytes} bytes`);
  await store.delete('bench/blob');
  const rate = (ms: number): string => `${((totalBytes / MIB) / (ms / 1000)).toFixed(0)} MiB/s`;
  console.log(
    `${name.padEnd(14)} put ${rate(t1 - t0).padStart(10)}   get ${rate(t2 - t1).padStart(10)}   peak RSS +${((peakRss - baseRss) / MIB).toFixed(0)} MiB`,
  );
}

console.log(`blob of ${totalBytes / MIB} MiB, node ${process.version}`);
const dir = mkdtempSync(path.join(tmpdir(), 'sp-bench-s3-'));
try {
  await measure('local disk', createLocalBlobStore({ root: dir }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const rgw = await startCephRgw();
const client = new S3Client(rgw.clientConfig);
await measure('s3 (Ceph RGW)', createS3BlobStore({ client, bucket: await createTestBucket(rgw, 'bench') }));
client.destroy();
clearInterval(sampler);
