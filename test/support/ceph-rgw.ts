/**
 * A real Ceph RADOS Gateway (S3) for tests, from `scripts/ceph-rgw.sh` (one monitor, one OSD, radosgw on
 * 127.0.0.1). Starting a cluster takes ~16 s, so it is started once and shared: by `.ci/run` (which exports
 * TEST_S3_URL) or, locally, by the first test file that asks (the script holds a lock, so parallel test files
 * wait for one cluster and reuse it). Tests leave it running for the next run; `scripts/ceph-rgw.sh stop`
 * stops it. Every test gets its own bucket (`createTestBucket`), so runs and files never see each other.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { afterAll, beforeAll } from 'vitest';

const run = promisify(execFile);
const script = path.resolve(import.meta.dirname, '../../scripts/ceph-rgw.sh');

export interface CephRgw {
  /** http://127.0.0.1:PORT */
  endpoint: string;
  host: string;
  port: number;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** A client config for the SDK, path-style, checksums only when required (as the S3 store uses). */
  clientConfig: S3ClientConfig;
  /** `s3://KEY:SECRET@bucket?endpoint=…&region=…`, a STORAGE_URL for this gateway. */
  storageUrl(bucket: string, options?: { endpoint?: string }): string;
  /** Stops the shared cluster (for everyone): tests do not call it. A no-op for an external TEST_S3_URL. */
  stop(): Promise<void>;
}

let starting: Promise<CephRgw> | undefined;

/** The shared gateway: TEST_S3_URL (http://ACCESS:SECRET@host:port) if set, else a local Ceph started once. */
export function startCephRgw(): Promise<CephRgw> {
  starting ??= open();
  return starting;
}

async function open(): Promise<CephRgw> {
  const external = process.env.TEST_S3_URL;
  let url: string;
  if (external) {
    url = external;
  } else {
    try {
      url = (await run(script, ['start'], { timeout: 180_000 })).stdout.trim();
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? '';
      throw new Error(`Could not start Ceph RGW (scripts/ceph-rgw.sh start): ${stderr.trim() || String(error)}`);
    }
  }
  return fromUrl(url, !external);
}

function fromUrl(url: string, owned: boolean): CephRgw {
  const parsed = new URL(url);
  const accessKeyId = decodeURIComponent(parsed.username);
  const secretAccessKey = decodeURIComponent(parsed.password);
  const endpoint = parsed.origin;
  const region = 'us-east-1';
  return {
    endpoint,
    host: parsed.hostname,
    port: Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80)),
    accessKeyId,
    secretAccessKey,
    region,
    clientConfig: {
      endpoint,
      region,
      forcePathStyle: true,
      credentials: { accessKeyId, secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    },
    storageUrl(bucket, options = {}) {
      const params = new URLSearchParams({ endpoint: options.endpoint ?? endpoint, region });
      return `s3://${encodeURIComponent(accessKeyId)}:${encodeURIComponent(secretAccessKey)}@${bucket}?${params.toString()}`;
    },
    async stop() {
      if (owned) await run(script, ['stop']);
    },
  };
}

/** Creates a fresh, empty bucket with a unique name and returns the name. */
export async function createTestBucket(rgw: CephRgw, label = 'test'): Promise<string> {
  const bucket = `sp-${label}-${randomBytes(6).toString('hex')}`;
  const client = new S3Client(rgw.clientConfig);
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } finally {
    client.destroy();
  }
  return bucket;
}

/**
 * For a test file on the shared RGW: starts (or joins) it before the file's tests and gives them one S3 client,
 * destroyed after. Read `s3.rgw` / `s3.client` inside tests and hooks (they are set once beforeAll has run).
 */
export function useCephRgw(): { readonly rgw: CephRgw; readonly client: S3Client } {
  let rgw: CephRgw | undefined;
  let client: S3Client | undefined;
  beforeAll(async () => {
    rgw = await startCephRgw();
    client = new S3Client(rgw.clientConfig);
  }, 180_000);
  afterAll(() => client?.destroy());
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useCephRgw: read s3.rgw / s3.client inside a test or hook');
    return value;
  };
  return {
    get rgw() {
      return ready(rgw);
    },
    get client() {
      return ready(client);
    },
  };
}
