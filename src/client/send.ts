// The send pipeline, one for every door (CLI, web app, later the gateway and the add-in): compose on the server
// (ids, sizes), make a fresh message identity, encrypt each file to it, seal the manifest, split the key per
// recipient, save the pending state, upload over tus (resumable), then hand over only wrapped keys and shares.
// Plaintext never leaves the client.
import {
  createEncryptor, encodeHeaderHash, encryptedSize, generateMessageIdentity, resumeEncryptor, sealManifest, type BlobEncryptor,
  type ChunkCipher,
} from '../crypto/index.ts';
import { safeMimeType } from '../core/text/file-name.ts';
import type { ApiClient } from './api-client.ts';
import type { CreateTransferRequest, CreateTransferResponse, SendTransferRequest, ServerInfo, TransferView } from './api-contract.ts';
import { ApiError, hasCode } from './api-error.ts';
import { base64ToBytes, bytesToBase64 } from './base64.ts';
import type { FileSource } from './file-source.ts';
import { ownerWrap, recipientKeys } from './key-material.ts';
import { accountMaterial, requireAccountKey } from './account-recipients.ts';
import type { CheckpointStore } from './key-log.ts';
import type { PendingFile, PendingSend, PendingSendStore } from './pending-send.ts';
import { startUpload, type FileUpload } from './tus-upload.ts';

export type Method = 'account' | 'sms' | 'code' | 'email' | 'none';

export interface SendRecipient {
  email: string;
  field: 'to' | 'cc';
  lang?: 'de' | 'nl' | 'en' | undefined;
  /**
   * Unset: what the sender chose last time for this address, else the server's default. `account`: encrypted to the
   * recipient's own key, checked against the key log (src/client/account-recipients.ts; see pickAccounts there).
   */
  method?: Method | undefined;
  /** sms: a new number; unset = the number remembered for this address. */
  phone?: string | undefined;
  /** The access code the sender passes on (by phone), for a recipient the server puts on the method "code". */
  accessCode?: string | undefined;
  /** The code sealed to the organisation key, to remember it for colleagues (org-codes.ts); with rememberInDirectory. */
  codeSealed?: string | undefined;
  /** The code sealed to the sender's own personal key, to remember it for them (org-codes.ts). */
  ownCodeSealed?: string | undefined;
}

export interface ComposeInput {
  recipients: SendRecipient[];
  subject: string;
  text: string;
  files: FileSource[];
  expiresInDays?: number | undefined;
  notifyOnOpen: boolean;
  maxDownloads?: number | null | undefined;
  /** Staff only: remember each recipient's verification in the organisation's directory. */
  rememberInDirectory?: boolean | undefined;
  /** false = the server mails nothing; each recipient's link comes back in the pending state to deliver. */
  notify: boolean;
  /** What the notification says (not encrypted); `files` is filled in from `showFiles`. */
  notification: Omit<NonNullable<SendTransferRequest['notification']>, 'files'>;
  /** List file names and sizes in the notification. */
  showFiles: boolean;
  /** Ids of the security-notice rules whose notices fired on this device (declared at compose and send, audited). */
  noticeRuleIds?: readonly string[] | undefined;
  /** Answer securely: the id of one of the sender's own messages whose conversation this continues (docs/recipient-inbox.md). */
  threadOf?: string | undefined;
}

/** Per-file progress of the upload, in ciphertext bytes. */
export interface SendProgress {
  /** Before a file's upload, with the bytes already on the server (a resumed send). */
  onFileStart?: (file: PendingFile, total: number, already: number) => void;
  onFileProgress?: (file: PendingFile, sent: number, total: number) => void;
  /** The server has every byte of the file (also for one found complete when resuming). */
  onFileDone?: (file: PendingFile) => void;
}

export interface SendContext {
  api: ApiClient;
  /** A guest sender's bearer token; '' for a staff member, whose api client carries the session. */
  token: string;
  /** Headers every upload request carries besides the token (a staff session's CSRF header). */
  uploadHeaders?: Record<string, string> | undefined;
  /** The chunk cipher of this platform (node:crypto's native one in Node). */
  cipher: ChunkCipher;
  store: PendingSendStore;
  /** The key-log checkpoint of this client: needed to send to `account` recipients. */
  checkpoints?: CheckpointStore | undefined;
}

type SendBodyRecipient = SendTransferRequest['recipients'][number];

function accountContext(ctx: SendContext) {
  if (!ctx.checkpoints) throw new ApiError('SP_ERR_VALIDATION', 400, undefined, { message: 'This client cannot check recipient keys (no key-log checkpoint store)' });
  return { api: ctx.api, token: ctx.token, checkpoints: ctx.checkpoints };
}

/** Each `account` recipient's key, checked against the key log before anything is created on the server. */
async function accountKeysFor(ctx: SendContext, recipients: readonly SendRecipient[]): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  for (const r of recipients.filter((x) => x.method === 'account')) keys.set(r.email.toLowerCase(), await requireAccountKey(accountContext(ctx), r.email));
  return keys;
}

/** The send material per created recipient: wrapped to their account key, or the key split of every other method. */
async function materialFor(ctx: SendContext, options: { identity: string; created: CreateTransferResponse; codes: Map<string, string>; accountKeys: Map<string, string> }): Promise<Array<SendBodyRecipient & { linkSecret?: string }>> {
  const { identity, created } = options;
  const out: Array<SendBodyRecipient & { linkSecret?: string }> = [];
  for (const r of created.recipients) {
    if (r.method === 'account') {
      const accountKey = options.accountKeys.get(r.email.toLowerCase()) ?? (await requireAccountKey(accountContext(ctx), r.email));
      out.push(await accountMaterial({ identity, transferId: created.id, recipientId: r.id, accountKey }));
    } else {
      out.push(await recipientKeys({ identity, transferId: created.id, recipientId: r.id, accessCode: options.codes.get(r.id), linkOnly: r.method === 'none' }));
    }
  }
  return out;
}

/** The link the sender delivers (notify: false): the inbox for `account` recipients, else the link with its secret. */
function deliveredLink(publicUrl: string, r: { id: string; method: string }, linkSecret: string | undefined): string {
  return r.method === 'account' ? `${publicUrl}/inbox/m/${r.id}` : `${publicUrl}/r/${r.id}#${linkSecret ?? ''}`;
}

function createRequest(input: ComposeInput): CreateTransferRequest {
  return {
    recipients: input.recipients.map((r) => ({
      email: r.email, field: r.field, ...(r.lang ? { lang: r.lang } : {}), ...(r.method ? { method: r.method } : {}),
      ...(r.method === 'sms' && r.phone?.trim() ? { phone: r.phone.trim() } : {}),
      ...(r.method === 'code' && r.codeSealed ? { codeSealed: r.codeSealed } : {}),
      ...(r.method === 'code' && r.ownCodeSealed ? { ownCodeSealed: r.ownCodeSealed } : {}),
    })),
    files: input.files.map((f) => ({ size: encryptedSize(f.size) })),
    ...(input.expiresInDays ? { expiresInDays: input.expiresInDays } : {}),
    notifyOnOpen: input.notifyOnOpen,
    maxDownloads: input.maxDownloads ?? null,
    ...(input.rememberInDirectory ? { rememberInDirectory: true } : {}),
    ...declaredRules(input),
    ...(input.threadOf ? { threadOf: input.threadOf } : {}),
  };
}

/** The fired rules' ids when there are any: the server checks recipients against their minimum verification. */
function declaredRules(input: ComposeInput): { noticeRuleIds?: string[] } {
  return input.noticeRuleIds && input.noticeRuleIds.length > 0 ? { noticeRuleIds: [...input.noticeRuleIds] } : {};
}

/** The access code for each created recipient on the method "code"; SP_ERR_VALIDATION names those without one. */
function accessCodes(input: ComposeInput, created: CreateTransferResponse): Map<string, string> {
  const codes = new Map<string, string>();
  const missing: string[] = [];
  for (const r of created.recipients.filter((c) => c.method === 'code')) {
    const code = input.recipients.find((d) => d.email.toLowerCase() === r.email.toLowerCase())?.accessCode?.trim();
    if (code) codes.set(r.id, code);
    else missing.push(r.email);
  }
  if (missing.length > 0) {
    throw new ApiError('SP_ERR_VALIDATION', 400, { reason: 'accessCodeMissing', recipients: missing }, { message: `${missing.join(', ')} open messages with an access code: give the code` });
  }
  return codes;
}

/** Step 1 (online): compose, encrypt headers, seal the manifest, wrap keys; the state is saved before any upload. */
export async function prepareSend(ctx: SendContext, options: {
  server: string;
  email: string;
  personalRecipient: string;
  input: ComposeInput;
  fingerprint?: string;
  /** Where the shell finds each file again (the CLI: absolute paths), same order as input.files. */
  paths?: string[];
}): Promise<{ state: PendingSend; encryptors: BlobEncryptor[] }> {
  const { api, token } = ctx;
  const { input } = options;
  // A key that fails the key-log check stops the send here, before a draft exists.
  const accountKeys = await accountKeysFor(ctx, input.recipients);
  const created = await api.request<CreateTransferResponse>('POST', '/api/transfers', { token, body: createRequest(input) });
  const codes = accessCodes(input, created);
  const message = await generateMessageIdentity();
  const bySlot = [...created.files].sort((a, b) => a.slot - b.slot);
  const encryptors = await Promise.all(input.files.map(() => createEncryptor({ recipients: [message.recipient], cipher: ctx.cipher })));
  const files: PendingFile[] = input.files.map((f, i) => ({
    fileId: bySlot[i]?.id ?? '', name: f.name, size: f.size, lastModified: f.lastModified, prefix: bytesToBase64((encryptors[i] as BlobEncryptor).prefix),
    ...(options.paths?.[i] ? { path: options.paths[i] } : {}),
  }));
  const manifest = await sealManifest({
    messageId: created.id,
    recipients: [message.recipient],
    manifest: {
      subject: input.subject,
      text: input.text,
      files: input.files.map((f, i) => ({
        blobId: files[i]?.fileId ?? '', name: f.name, size: f.size, type: safeMimeType(f.type), headerHash: encodeHeaderHash((encryptors[i] as BlobEncryptor).headerHash),
      })),
    },
  });
  const keys = await materialFor(ctx, { identity: message.identity, created, codes, accountKeys });
  // Links are only built (and the link secrets only kept) when the sender delivers them.
  const publicUrl = input.notify ? '' : (await api.request<ServerInfo>('GET', '/api/info')).publicUrl.replace(/\/+$/, '');
  const notification: SendTransferRequest['notification'] = { ...input.notification, ...(input.showFiles ? { files: input.files.map((f) => ({ name: f.name, size: f.size })) } : {}) };
  const state: PendingSend = {
    v: 1,
    ...(options.fingerprint ? { fingerprint: options.fingerprint } : {}),
    server: options.server,
    email: options.email,
    transferId: created.id,
    expiresAt: created.expiresAt,
    identity: message.identity,
    files,
    recipients: created.recipients.map((r, i) => ({
      id: r.id, email: r.email, field: r.field, method: r.method, maskedPhone: r.maskedPhone,
      ...(input.notify ? {} : { link: deliveredLink(publicUrl, r, keys[i]?.linkSecret) }),
    })),
    sendBody: {
      manifest: bytesToBase64(manifest),
      ownerWrappedIdentity: await ownerWrap({ identity: message.identity, personalRecipient: options.personalRecipient, messageId: created.id }),
      // Without notification the server gets no link secret: it could not mail the links, and should not hold them.
      recipients: keys.map(({ linkSecret, ...k }) => (input.notify && linkSecret ? { ...k, linkSecret } : k)),
      notify: input.notify,
      notification,
      ...declaredRules(input),
    },
  };
  await ctx.store.save(state);
  return { state, encryptors };
}

export interface SendRun {
  done: Promise<TransferView>;
  pause(): void;
  resume(): void;
}

/**
 * A registered recipient reset their password since their key was checked (409 SP_ERR_RECIPIENT_KEY_CHANGED): fetch
 * and check each `account` key again and wrap the message identity to it. Saved, so a resumed send uses it too.
 */
async function rewrapAccounts(ctx: SendContext, state: PendingSend): Promise<void> {
  const recipients: SendBodyRecipient[] = [];
  for (const r of state.sendBody.recipients) {
    const email = state.recipients.find((p) => p.id === r.id)?.email;
    if (!r.accountKey || !email) {
      recipients.push(r);
      continue;
    }
    const accountKey = await requireAccountKey(accountContext(ctx), email);
    recipients.push(await accountMaterial({ identity: state.identity, transferId: state.transferId, recipientId: r.id, accountKey }));
  }
  state.sendBody = { ...state.sendBody, recipients };
  await ctx.store.save(state);
}

/** POST …/send; a send retried after a lost answer (a timeout) finds the message already sent: that is success. */
async function sendOnce(ctx: SendContext, state: PendingSend, rewrapped = false): Promise<TransferView> {
  const path = `/api/transfers/${state.transferId}`;
  try {
    return await ctx.api.request<TransferView>('POST', `${path}/send`, { token: ctx.token, body: state.sendBody });
  } catch (error) {
    if (hasCode(error, 'SP_ERR_RECIPIENT_KEY_CHANGED') && !rewrapped) {
      await rewrapAccounts(ctx, state);
      return sendOnce(ctx, state, true);
    }
    if (!hasCode(error, 'SP_ERR_CONFLICT')) throw error;
    const view = await ctx.api.request<TransferView>('GET', path, { token: ctx.token });
    if (view.status === 'draft') throw error;
    return view;
  }
}

/**
 * Step 2: upload whatever is missing (resuming at the server's offset), then send; removes the pending state when
 * done. `files`: the sources, same order as state.files (a file found complete on the server is not read).
 */
export function completeSend(ctx: SendContext, options: {
  state: PendingSend;
  files: ReadonlyArray<FileSource | undefined>;
  /** From prepareSend in the same run; without them the encryptors are resumed from the saved prefixes. */
  encryptors?: BlobEncryptor[] | undefined;
  progress?: SendProgress | undefined;
  /** Tests and benchmarks: bytes per PATCH request. */
  chunkSize?: number | undefined;
}): SendRun {
  const { state, progress } = options;
  let current: FileUpload | undefined;
  let paused = false;
  let onResume: (() => void) | undefined;
  const uploadOne = async (file: PendingFile, i: number, fresh: boolean): Promise<void> => {
    const source = options.files[i];
    if (!source) throw new ApiError('SP_ERR_CONFLICT', 409, undefined, { message: `${file.name} is needed to continue this message` });
    await source.assertUnchanged();
    if (paused) await new Promise<void>((resolve) => (onResume = resolve));
    const encryptor = options.encryptors?.[i] ?? (await resumeEncryptor({ prefix: base64ToBytes(file.prefix), identity: state.identity, cipher: ctx.cipher }));
    let reported = false;
    current = startUpload({
      baseUrl: ctx.api.baseUrl, token: ctx.token, headers: ctx.uploadHeaders, fileId: file.fileId, file: source, encryptor, resume: !fresh,
      ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
      onProgress: (sent, total) => {
        if (!reported) {
          reported = true;
          progress?.onFileStart?.(file, total, sent);
        }
        progress?.onFileProgress?.(file, sent, total);
      },
    });
    await current.done;
    current = undefined;
  };
  const run = async (): Promise<TransferView> => {
    let view = await ctx.api.request<TransferView>('GET', `/api/transfers/${state.transferId}`, { token: ctx.token });
    if (view.status === 'draft') {
      const fresh = options.encryptors !== undefined;
      for (const [i, file] of state.files.entries()) {
        if (!view.files.find((f) => f.id === file.fileId)?.complete) await uploadOne(file, i, fresh);
        progress?.onFileDone?.(file);
      }
      view = await sendOnce(ctx, state);
    }
    await ctx.store.remove(state.transferId);
    return view;
  };
  return {
    done: run(),
    pause() {
      paused = true;
      current?.pause();
    },
    resume() {
      paused = false;
      current?.resume();
      onResume?.();
      onResume = undefined;
    },
  };
}
