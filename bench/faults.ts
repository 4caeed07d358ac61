// `npm run bench -- faults [--outage-seconds 30] [--pg-down-seconds 15] [--file-mib 64] [--only s3|postgres|disk] [--json]`
// The faults of issue 16, one at a time, against the production shape (`sealpost serve` behind Debian's nginx, on
// PostgreSQL and Ceph RGW, each reached through a TCP proxy that can cut it), while a large upload is half-way
// and a client keeps sending small messages:
//   s3        the object store unreachable for --outage-seconds (connections cut, new ones refused);
//   postgres  PostgreSQL gone for --pg-down-seconds (every connection cut, new ones refused: what the server sees
//             of a restart);
//   disk      the upload part disk full (a tmpfs filled up, needs root), then space freed.
// Per fault: when readiness turned red after the fault began and green after it ended, how the small sends
// fared (the client core waits out 503s by itself), when the large upload completed after the fault ended, how
// often it had to be resumed and with which error codes, and whether its bytes arrive identical.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { createApiClient } from '../src/client/api-client.ts';
import { completeSend, prepareSend, type SendContext } from '../src/client/send.ts';
import { nativeChunkCipher } from '../src/crypto/node.ts';
import { startCluster, type Cluster } from '../test/cluster/cluster.ts';
import { expectedSha256, generatedFile, sha256 } from '../test/cluster/generated-file.ts';
import { loginSender, noStore, openFirstFile } from '../test/cluster/scenario.ts';
import { createTcpProxy } from '../test/db/tcp-proxy.ts';
import { startMailCatcher, type MailCatcher } from '../test/e2e/harness.ts';
import { startCephRgw } from '../test/support/ceph-rgw.ts';

const { values } = parseArgs({
  options: {
    'outage-seconds': { type: 'string', default: '30' },
    'pg-down-seconds': { type: 'string', default: '15' },
    'file-mib': { type: 'string', default: '64' },
    only: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const MiB = 1024 * 1024;
const fileBytes = Number(values['file-mib']) * MiB;
const seconds = (ms: number | undefined): number | null => (ms === undefined ? null : Math.round(ms / 100) / 10);
const codeOf = (error: unknown): string => (typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : String(error));

interface Fault {
  name: 's3' | 'postgres' | 'disk';
  durationMs: number;
  inject(): Promise<void>;
  heal(): Promise<void>;
}

interface FaultReport {
  fault: string;
  faultSeconds: number;
  readiness: { redAfterFaultS: number | null; greenAfterHealS: number | null };
  smallSends: { ok: number; failed: number; errorCodes: Record<string, number>; firstOkAfterHealS: number | null };
  largeUpload: { completedAfterHealS: number | null; resumes: number; errorCodes: string[]; identical: boolean };
}

/** Polls the process's /readyz every 100 ms; remembers when it first went red and when green again after `healedAt`. */
function watchReadiness(url: string) {
  const seen: { red?: number; green?: number } = {};
  let healedAt: number | undefined;
  let stop = false;
  const loop = (async () => {
    while (!stop) {
      const ok = await fetch(url, { signal: AbortSignal.timeout(5000) }).then((r) => r.ok, () => false);
      const now = Date.now();
      if (!ok && seen.red === undefined) seen.red = now;
      if (ok && healedAt !== undefined && seen.green === undefined && now >= healedAt) seen.green = now;
      await sleep(100);
    }
  })();
  return { seen, healed: (at: number) => (healedAt = at), stop: async () => ((stop = true), await loop) };
}

async function runFault(cluster: Cluster, mail: MailCatcher, fault: Fault): Promise<FaultReport> {
  const api = createApiClient({ baseUrl: cluster.url });
  const sender = await loginSender(api, mail, `faults-${fault.name}-${randomBytes(3).toString('hex')}@org.example`);
  const ctx: SendContext = { api, token: sender.token, cipher: nativeChunkCipher, store: noStore };
  const send = (to: string, files: ReturnType<typeof generatedFile>[]) =>
    prepareSend(ctx, {
      server: cluster.url, email: '', personalRecipient: sender.recipient,
      input: { recipients: [{ email: to, field: 'to', method: 'none' }], subject: `Fault ${fault.name}`, text: 'Fault bench', files: files.map((f) => f.source), notifyOnOpen: false, notify: true, notification: {}, showFiles: false },
    });
  const ready = watchReadiness(`http://127.0.0.1:${cluster.processes[0]?.port}/readyz`);

  // The large upload: half-way, then held until the fault has begun, then pushed on into it.
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const seed = randomBytes(16);
  const largeRecipient = `large-${fault.name}-${randomBytes(3).toString('hex')}@recipients.example.net`;
  const big = generatedFile({ name: 'large.bin', size: fileBytes, seed, hold: { after: Math.floor(fileBytes / 2), until: gate } });
  const prepared = await send(largeRecipient, [big]);
  const large = { resumes: 0, errorCodes: [] as string[], doneAt: undefined as number | undefined };
  const largeDone = (async () => {
    let run = completeSend(ctx, { state: prepared.state, files: [big.source], encryptors: prepared.encryptors }).done;
    for (;;) {
      try {
        await run;
        large.doneAt = Date.now();
        return;
      } catch (error) {
        // What a user does after a clear failure: "resume" a moment later (the CLI's pending send, the web's resume card).
        large.errorCodes.push(codeOf(error));
        large.resumes += 1;
        if (large.resumes > 100) throw error;
        await sleep(1000);
        run = completeSend(ctx, { state: prepared.state, files: [big.source] }).done;
      }
    }
  })();
  await big.held;

  // Small sends, one after another, all through the fault.
  const small = { ok: 0, failed: 0, errorCodes: {} as Record<string, number>, okTimes: [] as number[] };
  let sending = true;
  const smallLoop = (async () => {
    while (sending) {
      try {
        const file = generatedFile({ name: 'small.bin', size: 4096, seed: randomBytes(16) });
        const { state, encryptors } = await send(`small-${randomBytes(4).toString('hex')}@recipients.example.net`, [file]);
        await completeSend(ctx, { state, files: [file.source], encryptors }).done;
        small.ok += 1;
        small.okTimes.push(Date.now());
      } catch (error) {
        small.failed += 1;
        small.errorCodes[codeOf(error)] = (small.errorCodes[codeOf(error)] ?? 0) + 1;
        await sleep(500);
      }
    }
  })();

  const faultAt = Date.now();
  await fault.inject();
  await sleep(1000);
  release();
  await sleep(Math.max(0, fault.durationMs - (Date.now() - faultAt)));
  const healAt = Date.now();
  await fault.heal();
  ready.healed(healAt);
  await largeDone;
  const deadline = Date.now() + 120_000;
  while ((ready.seen.green === undefined || !small.okTimes.some((t) => t > healAt)) && Date.now() < deadline) await sleep(200);
  sending = false;
  await smallLoop;
  await ready.stop();

  const { plain } = await openFirstFile(api, mail, largeRecipient);
  const identical = (await sha256(plain)) === (await expectedSha256(seed, fileBytes));
  const after = (t: number | undefined, from: number) => seconds(t === undefined ? undefined : t - from);
  return {
    fault: fault.name,
    faultSeconds: seconds(healAt - faultAt) ?? 0,
    readiness: { redAfterFaultS: ready.seen.red !== undefined && ready.seen.red >= faultAt ? after(ready.seen.red, faultAt) : null, greenAfterHealS: after(ready.seen.green, healAt) },
    smallSends: { ok: small.ok, failed: small.failed, errorCodes: small.errorCodes, firstOkAfterHealS: after(small.okTimes.find((t) => t > healAt), healAt) },
    largeUpload: { completedAfterHealS: after(large.doneAt, healAt), resumes: large.resumes, errorCodes: large.errorCodes, identical },
  };
}

/** A small tmpfs for the upload part files (root only); undefined where mounting is not allowed. */
function mountPartDisk(bytes: number): string | undefined {
  const dir = mkdtempSync(path.join(tmpdir(), 'sp-faults-parts-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

/**
 * Keeps `dir`'s filesystem full (ENOSPC) until stopped: fills it, then takes every byte that is freed (a part file
 * deleted after its upload) within 20 ms, as another writer on a shared disk would. Returns a stop that removes the filler.
 */
function fillDisk(dir: string): () => void {
  const filler = path.join(dir, 'filler');
  const block = Buffer.alloc(64 * 1024);
  writeFileSync(filler, '');
  const fill = (): void => {
    for (;;) {
      try {
        appendFileSync(filler, block);
      } catch {
        return;
      }
    }
  };
  fill();
  if (process.env.FAULTS_DEBUG) console.error(`part disk filled: ${statfsSync(dir).bavail * statfsSync(dir).bsize} bytes left; holds ${readdirSync(dir).join(', ')}`);
  const timer = setInterval(fill, 20);
  return () => {
    clearInterval(timer);
    rmSync(filler, { force: true });
  };
}

const only = values.only;
const rgw = await startCephRgw();
const s3Proxy = await createTcpProxy({ host: rgw.host, port: rgw.port });
const pgTarget = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const pgProxy = await createTcpProxy({ host: pgTarget.hostname, port: Number(pgTarget.port || 5432) });
const viaProxy = new URL(pgTarget.href);
viaProxy.hostname = '127.0.0.1';
viaProxy.port = String(pgProxy.port);
// Room for the parts in flight (16 MiB each) with some to spare; filled up by the disk fault.
const partDisk = !only || only === 'disk' ? mountPartDisk(96 * MiB) : undefined;
const mail = await startMailCatcher();
const cluster = await startCluster({
  processes: 1,
  baseDatabaseUrl: viaProxy.href,
  smtpUrl: mail.url,
  storageEndpoint: `http://127.0.0.1:${s3Proxy.port}`,
  env: { LOG_LEVEL: 'warn', ...(partDisk ? { UPLOAD_PART_DIR: partDisk, UPLOAD_PART_DIR_MAX_BYTES: String(1024 * MiB) } : {}) },
});
const faults: Fault[] = [
  { name: 's3', durationMs: Number(values['outage-seconds']) * 1000, inject: () => s3Proxy.stop(), heal: () => s3Proxy.start() },
  { name: 'postgres', durationMs: Number(values['pg-down-seconds']) * 1000, inject: () => pgProxy.stop(), heal: () => pgProxy.start() },
];
let stopFilling: (() => void) | undefined;
if (partDisk) {
  faults.push({
    name: 'disk', durationMs: Number(values['outage-seconds']) * 1000,
    inject: () => Promise.resolve(void (stopFilling = fillDisk(partDisk))),
    heal: () => Promise.resolve(stopFilling?.()),
  });
}
const reports: FaultReport[] = [];
try {
  for (const fault of faults.filter((f) => !only || f.name === only)) reports.push(await runFault(cluster, mail, fault));
} finally {
  await cluster.close();
  await mail.close();
  await s3Proxy.stop();
  await pgProxy.stop();
  if (partDisk) {
    execFileSync('umount', [partDisk]);
    rmSync(partDisk, { recursive: true, force: true });
  }
}
if (values.json) console.log(JSON.stringify(reports, null, 2));
else {
  console.log(`faults: 1 sealpost serve behind nginx, PostgreSQL and Ceph RGW each behind a cuttable proxy; a ${values['file-mib']} MiB upload half-way and small sends going on`);
  if (!partDisk && (!only || only === 'disk')) console.log('disk: skipped (mounting a tmpfs needs root)');
  for (const r of reports) {
    console.log(`${r.fault}: down ${r.faultSeconds} s; readiness ${r.readiness.redAfterFaultS === null ? 'stayed green' : `red after ${r.readiness.redAfterFaultS} s`}, green ${r.readiness.greenAfterHealS ?? '?'} s after the fault ended`);
    console.log(`  small sends: ${r.smallSends.ok} ok, ${r.smallSends.failed} failed ${JSON.stringify(r.smallSends.errorCodes)}; first ok ${r.smallSends.firstOkAfterHealS ?? '?'} s after the fault ended`);
    console.log(`  large upload: completed ${r.largeUpload.completedAfterHealS ?? '?'} s after the fault ended, resumed ${r.largeUpload.resumes}× (${r.largeUpload.errorCodes.join(', ') || 'no error'}), bytes identical: ${r.largeUpload.identical}`);
  }
}
process.exit(reports.every((r) => r.largeUpload.identical && r.largeUpload.completedAfterHealS !== null) ? 0 : 1);
