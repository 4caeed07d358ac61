// N `sealpost serve` processes (spawned as a service manager would: `node bin/sealpost.js serve` with env) on one
// PostgreSQL database and one Ceph RGW bucket (STORAGE_URL: blobs, erasable keys and staged uploads), behind
// Debian's nginx: the production shape. Each process has a DATA_DIR of its own (part files of uploads being
// written); nothing is shared on disk. Used by test/cluster/cluster.test.ts and `npm run bench -- cluster`.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { S3Client } from '@aws-sdk/client-s3';
import pg from 'pg';
import { generateSecretKey } from '../../src/config/secret-key.ts';
import { createTestBucket, startCephRgw } from '../support/ceph-rgw.ts';
import { freePort } from '../support/free-port.ts';
import { emptyBucket, type ClusterBucket } from './bucket.ts';
import { startNginx, type RunningNginx } from './nginx.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface ClusterProcess {
  index: number;
  port: number;
  pid: number;
  child: ChildProcess;
  output: () => string;
  /** Peak resident set size so far (VmHWM), bytes; 0 once the process is gone. */
  peakRss(): number;
  alive(): boolean;
}

export interface Cluster {
  url: string;
  databaseUrl: string;
  /** The bucket every process stores in (fresh per cluster, emptied and removed at close). */
  bucket: ClusterBucket;
  nginx: RunningNginx;
  processes: ClusterProcess[];
  /** The live process writing this upload now: the holder of its lease `upload:ID` (src/http/upload-locker.ts). */
  uploadHolder(uploadId: string): Promise<ClusterProcess | undefined>;
  kill(process: ClusterProcess, signal: NodeJS.Signals): Promise<void>;
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export interface ClusterOptions {
  processes: number;
  /** Base PostgreSQL URL; a fresh database is created on it and dropped at close. */
  baseDatabaseUrl: string;
  smtpUrl: string;
  env?: Record<string, string>;
  /** The object store as the processes reach it (a fault proxy in front of the gateway); default: the gateway. */
  storageEndpoint?: string;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.href;
}

async function adminQuery(baseUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function spawnServer(index: number, port: number, env: Record<string, string>): Promise<ClusterProcess> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/sealpost.js'), 'serve'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env, PORT: String(port) },
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-200_000)));
  child.stderr?.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-200_000)));
  const proc: ClusterProcess = {
    index, port, pid: child.pid ?? 0, child, output: () => out,
    peakRss() {
      try {
        const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))?.[1];
        return Number(kb ?? 0) * 1024;
      } catch {
        return 0;
      }
    },
    alive: () => child.exitCode === null && child.signalCode === null,
  };
  return (async () => {
    const deadline = Date.now() + 90_000;
    // Ready as a load balancer sees it (any LOG_LEVEL): /readyz answers 200.
    while (!(await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false))) {
      if (!proc.alive() || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`sealpost process ${index} did not start:\n${out}`);
      }
      await sleep(100);
    }
    return proc;
  })();
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sp-cluster-'));
  const rgw = await startCephRgw();
  const bucket: ClusterBucket = { name: await createTestBucket(rgw, 'cluster'), client: new S3Client(rgw.clientConfig) };
  const dbName = `sealpost_cluster_${randomBytes(4).toString('hex')}`;
  await adminQuery(options.baseDatabaseUrl, `CREATE DATABASE ${dbName}`);
  const databaseUrl = withDatabase(options.baseDatabaseUrl, dbName);
  const ports = await Promise.all(Array.from({ length: options.processes }, () => freePort()));
  let nginx: RunningNginx | undefined;
  const processes: ClusterProcess[] = [];
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const close = async () => {
    await nginx?.stop();
    await Promise.all(processes.map(async (p) => {
      if (!p.alive()) return;
      const exited = new Promise((resolve) => p.child.once('exit', resolve));
      p.child.kill('SIGTERM');
      await Promise.race([exited, sleep(30_000)]);
      if (isRunning(p.pid)) p.child.kill('SIGKILL');
    }));
    await pool.end();
    await adminQuery(options.baseDatabaseUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await emptyBucket(bucket, { remove: true });
    bucket.client.destroy();
    rmSync(root, { recursive: true, force: true });
  };
  try {
    nginx = await startNginxFirst(root, ports);
    const env: Record<string, string> = {
      HOST: '127.0.0.1',
      PUBLIC_URL: nginx.url,
      DATABASE_URL: databaseUrl,
      STORAGE_URL: rgw.storageUrl(bucket.name, options.storageEndpoint ? { endpoint: options.storageEndpoint } : {}),
      DATABASE_POOL_SIZE: '5',
      SECRET_KEY: generateSecretKey(),
      SMTP_URL: options.smtpUrl,
      MAIL_FROM: 'Sealpost <sealpost@sealpost.example.org>',
      TRUST_PROXY: '127.0.0.1',
      LOG_LEVEL: 'info',
      // A test installation: plain-http PUBLIC_URL and no SMS provider are allowed; mail still goes to SMTP_URL.
      DEV_MAILBOX: 'true',
      ORG_DOMAINS: 'org.example',
      // Items a SIGKILLed process had claimed are taken over after this (production default: 300 s).
      OUTBOX_LEASE_SECONDS: '15',
      ...options.env,
    };
    // All at once, as systemd starts the instances: migrations run under the migrator's lock.
    processes.push(...(await Promise.all(ports.map((port, i) => spawnServer(i, port, { ...env, DATA_DIR: path.join(root, `data-${i}`) })))));
    // nginx probed the upstreams before they listened and took them out for fail_timeout (10 s): wait until it
    // routes again, as a load balancer's clients would.
    const routed = Date.now() + 30_000;
    while (!(await fetch(`${nginx.url}/readyz`).then((r) => r.ok, () => false))) {
      if (Date.now() > routed) throw new Error(`nginx does not reach the processes:\n${nginx.errorLog().slice(-2000)}`);
      await sleep(250);
    }
  } catch (error) {
    await close();
    throw error;
  }
  const running = nginx;
  return {
    url: running.url,
    databaseUrl,
    bucket,
    nginx: running,
    processes,
    async uploadHolder(uploadId) {
      const [lease] = (await pool.query<{ holder: string }>('SELECT holder FROM leases WHERE name = $1', [`upload:${uploadId}`])).rows;
      // holder: `HOSTNAME:PID:RANDOM` (one per request).
      const pid = Number(lease?.holder.split(':').at(-2));
      return processes.find((p) => p.alive() && p.pid === pid);
    },
    async kill(p, signal) {
      const exited = new Promise((resolve) => p.child.once('exit', resolve));
      p.child.kill(signal);
      await exited;
    },
    async query<T extends Record<string, unknown>>(sql: string, params: unknown[] = []) {
      return (await pool.query<T>(sql, params)).rows;
    },
    close,
  };
}

/** nginx starts before the processes (as on a real host); until they are up it answers 502. */
async function startNginxFirst(root: string, ports: number[]): Promise<RunningNginx> {
  return startNginx({ prefix: path.join(root, 'nginx'), upstreamPorts: ports });
}
