// The cluster scenario, one module for the CI test (reduced sizes) and `npm run bench -- cluster` (200 transfers, a
// few of 256 MiB): senders log in, compose, upload over tus and send through nginx with the client core; each
// recipient gets exactly one notification, opens the message, downloads (and a Range) and checks the bytes; some
// transfers are recalled meanwhile; the process holding one upload mid-way is SIGKILLed and the upload resumes on
// another process. Then the checks: byte-identical, no orphaned blob, every notification delivered exactly once.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { createApiClient, type ApiClient } from '../../src/client/api-client.ts';
import { openPlainFile } from '../../src/client/download.ts';
import { openMessage } from '../../src/client/open-message.ts';
import type { PendingSendStore } from '../../src/client/pending-send.ts';
import { createRecipientApi } from '../../src/client/recipient-api.ts';
import { completeSend, prepareSend, type SendContext } from '../../src/client/send.ts';
import { nativeChunkCipher } from '../../src/crypto/node.ts';
import { codeIn, linkIn, type CapturedMail, type MailCatcher } from '../e2e/harness.ts';
import { objectKeys, unfinishedUploads, uploadedParts } from './bucket.ts';
import type { Cluster, ClusterProcess } from './cluster.ts';
import { expectedSha256, generatedFile, sha256 } from './generated-file.ts';
import { createTimedFetch, percentile } from './timed-fetch.ts';

export interface ScenarioOptions {
  transfers: number;
  /** How many of them are large (the first ones). */
  large: number;
  smallBytes: number;
  largeBytes: number;
  /** Transfers in flight at once. */
  concurrency: number;
  /** How many transfers (the last ones) the sender recalls right after the recipient's download. */
  recalls: number;
  /** SIGKILL the process writing the first transfer's upload half-way through, then let the upload resume. */
  killMidUpload: boolean;
  transfersPerSender?: number;
}

export interface ScenarioReport {
  transfers: number;
  plaintextBytes: number;
  seconds: number;
  /** Plaintext uploaded plus downloaded, per second. */
  throughputMiBps: number;
  api: { calls: number; p50Ms: number; p99Ms: number; retriedAfter502: number };
  peakRssMiB: Array<{ process: number; pid: number; peakRssMiB: number; killed: boolean }>;
  kill?: { process: number; resumedFromOffset: number };
  failures: string[];
  checks: {
    byteIdentical: number;
    rangeChecked: number;
    recalledRefused: number;
    orphanedBlobs: string[];
    missingBlobs: string[];
    /** Staging that belongs to no unfinished upload of an unsent draft: a leak. */
    leftoverStaging: string[];
    /** Staging of unsent drafts (a transfer that failed): resumable, removed with the draft after its lifetime. */
    resumableStaging: string[];
    notificationsMissing: string[];
    /** Recipients who got two different notifications (two Message-IDs): a second notification, a bug. */
    notificationsDuplicated: string[];
    /**
     * Recipients who got the same notification again (one Message-ID): the documented at-least-once window of a process
     * killed between the relay's 250 OK and the "sent" mark (docs/operations.md); their mail client shows it once.
     */
    notificationsRedelivered: string[];
  };
}

interface Spec {
  index: number;
  recipient: string;
  size: number;
  seed: Buffer;
  recall: boolean;
}

export const noStore: PendingSendStore = { save: () => Promise.resolve(), remove: () => Promise.resolve() };

export async function loginSender(api: ApiClient, mail: MailCatcher, email: string): Promise<{ token: string; recipient: string }> {
  const before = mail.mails.length;
  await api.request('POST', '/api/sender/verification-code', { body: { email } });
  const code = codeIn((await mail.next(email, () => true, before)).text);
  const recipient = await identityToRecipient(await generateIdentity());
  const session = await api.request<{ token: string }>('POST', '/api/sender/sessions', { body: { email, code, publicKey: recipient } });
  return { token: session.token, recipient };
}

/** The recipient's notification; under load the outbox may take longer than the harness's 20 s default. */
export async function notification(mail: MailCatcher, to: string, timeoutMs = 180_000): Promise<CapturedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = mail.mails.find((m) => m.to.includes(to));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no notification to ${to} within ${timeoutMs / 1000} s`);
    await sleep(100);
  }
}

/** As a recipient of a link-only message: waits for the notification, opens it and streams its first file (plaintext). */
export async function openFirstFile(api: ApiClient, mail: MailCatcher, recipient: string) {
  const link = linkIn(await notification(mail, recipient));
  const match = /\/r\/([A-Za-z0-9_-]{22})#([A-Za-z0-9_-]{43})$/.exec(link);
  const recipientApi = createRecipientApi(api, match?.[1] ?? '');
  const opened = await openMessage({ api: recipientApi, landing: await recipientApi.landing(), linkSecret: match?.[2] ?? '', code: '' });
  const slot = opened.manifest.files[0];
  if (!slot) throw new Error('no file in the manifest');
  const token = opened.verified.token;
  const plain = await openPlainFile({
    open: (offset) => recipientApi.fileResponse(slot.blobId, token, undefined, offset > 0 ? `bytes=${offset}-` : undefined),
    identity: opened.identity, slot, cipher: nativeChunkCipher,
  });
  return { recipientApi, slot, token, plain };
}

async function runPool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  }));
}

/** Waits until the outbox holds nothing queued or being sent (all delivered, or failed for good). */
async function outboxSettled(cluster: Cluster, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await cluster.query<{ n: string }>("SELECT count(*) AS n FROM outbox WHERE status IN ('queued', 'sending')");
    if (Number(row?.n ?? 0) === 0) return;
    if (Date.now() > deadline) throw new Error('the outbox did not deliver everything in time');
    await sleep(200);
  }
}

/** Object names as the stores write them (STORAGE_URL has no prefix here). */
const BLOBS = 'blobs/';
const STAGING = 'upload-staging/';

/**
 * The bucket against the database: every blob object belongs to a file row, every live file's blob is there, and
 * nothing is left in staging (no object, no unfinished multipart upload) but the resumable uploads of unsent
 * drafts (a staging name starts with its file id); no unfinished multipart upload of a blob.
 */
async function storageChecks(cluster: Cluster): Promise<Pick<ScenarioReport['checks'], 'orphanedBlobs' | 'missingBlobs' | 'leftoverStaging' | 'resumableStaging'>> {
  const rows = await cluster.query<{ id: string; blob_key: string | null; live: boolean; resumable: boolean }>(
    `SELECT f.id, f.blob_key, (t.status = 'sent' AND f.deleted_at IS NULL) AS live,
            (t.status = 'draft' AND f.status = 'pending' AND f.deleted_at IS NULL) AS resumable
       FROM transfer_files f JOIN transfers t ON t.id = f.transfer_id`,
  );
  const inBucket = new Set((await objectKeys(cluster.bucket, BLOBS)).map((k) => k.slice(BLOBS.length)));
  const known = new Set(rows.map((r) => r.blob_key).filter((k): k is string => k !== null));
  const resumableIds = new Set(rows.filter((r) => r.resumable).map((r) => r.id));
  const unfinished = (prefix: string) => unfinishedUploads(cluster.bucket, prefix).then((list) => list.map((u) => `${u.key} (unfinished multipart upload)`));
  const staging = [...(await objectKeys(cluster.bucket, STAGING)), ...(await unfinished(STAGING))];
  const ofResumable = (name: string) => resumableIds.has(name.slice(STAGING.length).split(/[.\s]/)[0] ?? '');
  return {
    orphanedBlobs: [...[...inBucket].filter((k) => !known.has(k)), ...(await unfinished(BLOBS))],
    missingBlobs: rows.filter((r) => r.live && r.blob_key && !inBucket.has(r.blob_key)).map((r) => r.blob_key ?? ''),
    leftoverStaging: staging.filter((name) => !ofResumable(name)),
    resumableStaging: staging.filter(ofResumable),
  };
}

export async function runClusterScenario(cluster: Cluster, mail: MailCatcher, options: ScenarioOptions): Promise<ScenarioReport> {
  const timed = createTimedFetch();
  const api = createApiClient({ baseUrl: cluster.url, fetch: timed.fetch });
  const run = randomBytes(3).toString('hex');
  const specs: Spec[] = Array.from({ length: options.transfers }, (_, index) => ({
    index,
    recipient: `r${index}-${run}@recipients.example.net`,
    size: index < options.large ? options.largeBytes : options.smallBytes,
    seed: randomBytes(16),
    recall: index >= options.transfers - options.recalls,
  }));
  const perSender = options.transfersPerSender ?? 50;
  const senders = await Promise.all(Array.from({ length: Math.ceil(specs.length / perSender) }, (_, i) => loginSender(api, mail, `sender${i}-${run}@org.example`)));
  const failures: string[] = [];
  const checks = { byteIdentical: 0, rangeChecked: 0, recalledRefused: 0 };
  const peak = new Map<number, number>();
  const samplePeaks = () => cluster.processes.forEach((p) => peak.set(p.index, Math.max(peak.get(p.index) ?? 0, p.peakRss())));
  const sampler = setInterval(samplePeaks, 250);

  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let heldFileId: ((id: string) => void) | undefined;
  const heldId = new Promise<string>((resolve) => (heldFileId = resolve));
  let killed: ClusterProcess | undefined;
  const held = options.killMidUpload && specs[0] ? specs[0] : undefined;
  let heldFile: ReturnType<typeof generatedFile> | undefined;

  async function oneTransfer(spec: Spec): Promise<void> {
    const sender = senders[Math.floor(spec.index / perSender)] ?? senders[0];
    if (!sender) throw new Error('no sender');
    const file = generatedFile({ name: `file-${spec.index}.bin`, size: spec.size, seed: spec.seed, ...(spec === held ? { hold: { after: Math.floor(spec.size / 2), until: gate } } : {}) });
    if (spec === held) heldFile = file;
    const ctx: SendContext = { api, token: sender.token, cipher: nativeChunkCipher, store: noStore };
    const { state, encryptors } = await prepareSend(ctx, {
      server: cluster.url, email: '', personalRecipient: sender.recipient,
      input: { recipients: [{ email: spec.recipient, field: 'to', method: 'none' }], subject: `Transfer ${spec.index}`, text: 'Cluster scenario', files: [file.source], notifyOnOpen: false, notify: true, notification: {}, showFiles: false },
    });
    if (spec === held) heldFileId?.(state.files[0]?.fileId ?? '');
    await completeSend(ctx, { state, files: [file.source], encryptors }).done;
    await receive(spec, state.transferId, sender.token);
  }

  async function receive(spec: Spec, transferId: string, senderToken: string): Promise<void> {
    const { recipientApi, slot, token, plain } = await openFirstFile(api, mail, spec.recipient);
    if ((await sha256(plain)) === (await expectedSha256(spec.seed, spec.size))) checks.byteIdentical += 1;
    else failures.push(`transfer ${spec.index}: downloaded bytes differ`);
    if (spec.size <= 1 << 20) await rangeCheck(spec, () => recipientApi.fileResponse(slot.blobId, token), (r) => recipientApi.fileResponse(slot.blobId, token, undefined, r));
    if (spec.recall) {
      await api.request('POST', `/api/transfers/${transferId}/recall`, { token: senderToken, body: {} });
      const refused = await recipientApi.fileResponse(slot.blobId, token).then((r) => (void r.body?.cancel(), false), () => true);
      if (refused) checks.recalledRefused += 1;
      else failures.push(`transfer ${spec.index}: still downloadable after recall`);
    }
  }

  async function rangeCheck(spec: Spec, full: () => Promise<Response>, ranged: (range: string) => Promise<Response>): Promise<void> {
    const whole = Buffer.from(await (await full()).arrayBuffer());
    const from = Math.floor(whole.length / 3);
    const to = Math.min(whole.length - 1, from + 4095);
    const part = await ranged(`bytes=${from}-${to}`);
    const bytes = Buffer.from(await part.arrayBuffer());
    if (part.status === 206 && part.headers.get('content-range') === `bytes ${from}-${to}/${whole.length}` && bytes.equals(whole.subarray(from, to + 1))) checks.rangeChecked += 1;
    else failures.push(`transfer ${spec.index}: Range ${from}-${to} answered ${part.status} ${part.headers.get('content-range') ?? ''}`);
  }

  /**
   * Once part of the held upload rests in the bucket (so resuming starts past 0) and while its PATCH is held open,
   * SIGKILLs the process writing it (the holder of the upload's lease); the client then resumes through nginx.
   */
  async function killHolder(): Promise<void> {
    const fileId = await heldId;
    const deadline = Date.now() + 600_000;
    for (;;) {
      const holder = await cluster.uploadHolder(fileId);
      if (holder && (await uploadedParts(cluster.bucket, STAGING + fileId)) > 0 && (await cluster.uploadHolder(fileId)) === holder) {
        samplePeaks();
        killed = holder;
        await cluster.kill(holder, 'SIGKILL');
        break;
      }
      if (Date.now() > deadline) {
        failures.push('no process was found writing the held upload with a part in the bucket');
        break;
      }
      await sleep(100);
    }
    release();
  }

  const started = Date.now();
  const killer = held ? killHolder() : Promise.resolve();
  await runPool(specs, options.concurrency, (spec) => oneTransfer(spec).catch((error: unknown) => void failures.push(`transfer ${spec.index}: ${String(error)}`)));
  await killer;
  const seconds = (Date.now() - started) / 1000;
  clearInterval(sampler);
  samplePeaks();

  await outboxSettled(cluster, 120_000);
  await sleep(500);
  const count = (to: string) => mail.mails.filter((m) => m.to.includes(to)).length;
  const distinct = (to: string) => new Set(mail.mails.filter((m) => m.to.includes(to)).map((m) => m.messageId)).size;
  const storage = await storageChecks(cluster);
  const plaintextBytes = specs.reduce((n, s) => n + s.size, 0);
  const resumedFrom = heldFile?.readStarts.find((s, i) => i > 0 && s > 0) ?? 0;
  if (held && resumedFrom === 0) failures.push('the held upload was not resumed from a later offset');
  return {
    transfers: specs.length,
    plaintextBytes,
    seconds,
    throughputMiBps: (2 * plaintextBytes) / (1024 * 1024) / seconds,
    api: { calls: timed.durations.length, p50Ms: percentile(timed.durations, 50), p99Ms: percentile(timed.durations, 99), retriedAfter502: timed.retried() },
    peakRssMiB: cluster.processes.map((p) => ({ process: p.index, pid: p.pid, peakRssMiB: Math.round((peak.get(p.index) ?? 0) / (1024 * 1024)), killed: p === killed })),
    ...(killed ? { kill: { process: killed.index, resumedFromOffset: resumedFrom } } : {}),
    failures,
    checks: {
      ...checks,
      ...storage,
      notificationsMissing: specs.filter((s) => count(s.recipient) === 0).map((s) => s.recipient),
      notificationsDuplicated: specs.filter((s) => distinct(s.recipient) > 1).map((s) => s.recipient),
      notificationsRedelivered: specs.filter((s) => count(s.recipient) > distinct(s.recipient)).map((s) => s.recipient),
    },
  };
}
