// Sending a message from this machine: compose on the server (ids, sizes), encrypt and seal locally, upload
// over tus, then hand over only wrapped keys and shares. Resumable at any point after compose.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { createEncryptor, encodeHeaderHash, encryptedSize, generateMessageIdentity, resumeEncryptor, sealManifest, type BlobEncryptor } from '../../crypto/node.ts';
import { SealpostError } from '../../core/errors.ts';
import type { CreateTransferRequest, CreateTransferResponse, SendTransferRequest, ServerInfo, TransferView } from '../../client/api-contract.ts';
import type { ApiClient } from './api-client.ts';
import type { ConfigStore } from './config-store.ts';
import type { SenderSession } from './credentials.ts';
import { ownerWrap, recipientKeys, type RecipientKeys } from './key-material.ts';
import { removePendingSend, savePendingSend, type PendingFile, type PendingSend } from './pending-sends.ts';
import type { VerifySpec } from './send-options.ts';
import { uploadFile } from './tus-upload.ts';

export interface ComposeInput {
  to: string[];
  cc: string[];
  verify?: VerifySpec | undefined;
  lang?: 'de' | 'nl' | 'en' | undefined;
  subject: string;
  text: string;
  files: string[];
  expiresInDays?: number | undefined;
  notifyOnOpen: boolean;
  /** false = the server mails nothing; the links are printed for the user to deliver. */
  notify: boolean;
  notification: SendTransferRequest['notification'];
  showFiles: boolean;
  maxDownloads?: number | undefined;
}

export interface SendHooks {
  /** Called per file before its upload with ciphertext size and bytes already on the server. */
  onFileStart?: (file: PendingFile, total: number, already: number) => void;
  onFileProgress?: (file: PendingFile, sent: number, total: number) => void;
  onFileDone?: (file: PendingFile) => void;
  /** Tests and benchmarks: bytes per PATCH request. */
  chunkSize?: number;
}

async function statFiles(files: string[], cwd: string) {
  return Promise.all(files.map(async (f) => {
    const full = path.resolve(cwd, f);
    const s = await stat(full).catch(() => undefined);
    if (!s?.isFile()) throw new SealpostError('SP_ERR_VALIDATION', { message: `Cannot read ${f}: not a file` });
    return { path: full, name: path.basename(full), size: s.size, mtimeMs: s.mtimeMs };
  }));
}

function recipientsFor(input: ComposeInput): CreateTransferRequest['recipients'] {
  const method = input.verify?.method;
  const phone = input.verify?.method === 'sms' ? input.verify.phone : undefined;
  const one = (email: string, field: 'to' | 'cc') => ({ email, field, ...(input.lang ? { lang: input.lang } : {}), ...(method ? { method } : {}), ...(phone ? { phone } : {}) });
  return [...input.to.map((e) => one(e, 'to')), ...input.cc.map((e) => one(e, 'cc'))];
}

/** Step 1 (online): compose, encrypt headers, seal manifest, wrap keys; the result is saved before any upload. */
export async function prepareSend(options: {
  api: ApiClient;
  store: ConfigStore;
  session: SenderSession;
  personalRecipient: string;
  input: ComposeInput;
  fingerprint: string;
  cwd: string;
}): Promise<{ state: PendingSend; encryptors: BlobEncryptor[] }> {
  const { api, session, input } = options;
  const files = await statFiles(input.files, options.cwd);
  const info = await api.request<ServerInfo>('GET', '/api/info');
  const created = await api.request<CreateTransferResponse>('POST', '/api/transfers', {
    token: session.token,
    body: {
      recipients: recipientsFor(input),
      files: files.map((f) => ({ size: encryptedSize(f.size) })),
      ...(input.expiresInDays ? { expiresInDays: input.expiresInDays } : {}),
      notifyOnOpen: input.notifyOnOpen,
      maxDownloads: input.maxDownloads ?? null,
    } satisfies CreateTransferRequest,
  });
  const codeUsers = created.recipients.filter((r) => r.method === 'code');
  if (codeUsers.length > 0 && input.verify?.method !== 'code') {
    throw new SealpostError('SP_ERR_VALIDATION', { message: `${codeUsers.map((r) => r.email).join(', ')} open messages with an access code: pass --verify code:SECRET` });
  }
  const message = await generateMessageIdentity();
  const bySlot = [...created.files].sort((a, b) => a.slot - b.slot);
  const encryptors = await Promise.all(files.map(() => createEncryptor({ recipients: [message.recipient] })));
  const pendingFiles: PendingFile[] = files.map((f, i) => ({
    ...f,
    fileId: bySlot[i]?.id ?? '',
    prefix: Buffer.from((encryptors[i] as BlobEncryptor).prefix).toString('base64'),
  }));
  const manifest = await sealManifest({
    messageId: created.id,
    recipients: [message.recipient],
    manifest: {
      subject: input.subject,
      text: input.text,
      files: pendingFiles.map((f, i) => ({ blobId: f.fileId, name: f.name, size: f.size, type: 'application/octet-stream', headerHash: encodeHeaderHash((encryptors[i] as BlobEncryptor).headerHash) })),
    },
  });
  const keys: RecipientKeys[] = [];
  for (const r of created.recipients) {
    keys.push(await recipientKeys({ identity: message.identity, transferId: created.id, recipientId: r.id, accessCode: r.method === 'code' && input.verify?.method === 'code' ? input.verify.code : undefined, linkOnly: r.method === 'none' }));
  }
  const notification = { ...input.notification, ...(input.showFiles ? { files: files.map((f) => ({ name: f.name, size: f.size })) } : {}) };
  const state: PendingSend = {
    v: 1,
    fingerprint: options.fingerprint,
    server: session.server,
    email: session.email,
    transferId: created.id,
    expiresAt: created.expiresAt,
    identity: message.identity,
    files: pendingFiles,
    recipients: created.recipients.map((r, i) => ({
      id: r.id, email: r.email, field: r.field, method: r.method, maskedPhone: r.maskedPhone,
      ...(input.notify ? {} : { link: `${info.publicUrl.replace(/\/+$/, '')}/r/${r.id}#${keys[i]?.linkSecret ?? ''}` }),
    })),
    sendBody: {
      manifest: Buffer.from(manifest).toString('base64'),
      ownerWrappedIdentity: await ownerWrap({ identity: message.identity, personalRecipient: options.personalRecipient, messageId: created.id }),
      recipients: keys.map((k) => (input.notify ? k : { id: k.id, serverShare: k.serverShare, wrappedIdentity: k.wrappedIdentity, ...(k.codeVerifierDigest ? { codeVerifierDigest: k.codeVerifierDigest } : {}) })),
      notify: input.notify,
      notification,
    },
  };
  await savePendingSend(options.store, state);
  return { state, encryptors };
}

async function checkUnchanged(file: PendingFile): Promise<void> {
  const s = await stat(file.path).catch(() => undefined);
  if (!s || s.size !== file.size || s.mtimeMs !== file.mtimeMs) {
    throw new SealpostError('SP_ERR_CONFLICT', { message: `${file.path} changed since this message was started; it cannot be resumed (start a new send)` });
  }
}

/** Step 2: upload whatever is missing (resuming at the server's offset), then send. Removes the state when done. */
export async function completeSend(options: {
  api: ApiClient;
  store: ConfigStore;
  session: SenderSession;
  state: PendingSend;
  encryptors?: BlobEncryptor[];
  hooks?: SendHooks;
}): Promise<TransferView> {
  const { api, session, state, hooks } = options;
  let view = await api.request<TransferView>('GET', `/api/transfers/${state.transferId}`, { token: session.token });
  if (view.status === 'draft') {
    const fresh = options.encryptors !== undefined;
    for (const [i, file] of state.files.entries()) {
      if (view.files.find((f) => f.id === file.fileId)?.complete) continue;
      await checkUnchanged(file);
      const encryptor = options.encryptors?.[i] ?? (await resumeEncryptor({ prefix: Buffer.from(file.prefix, 'base64'), identity: state.identity }));
      const total = encryptor.encryptedSize(file.size);
      let reported = false;
      await uploadFile({
        baseUrl: api.baseUrl, token: session.token, fileId: file.fileId, file: file.path, plainSize: file.size, encryptor, resume: !fresh,
        ...(hooks?.chunkSize ? { chunkSize: hooks.chunkSize } : {}),
        onProgress: (sent) => {
          if (!reported) {
            reported = true;
            hooks?.onFileStart?.(file, total, sent);
          }
          hooks?.onFileProgress?.(file, sent, total);
        },
      });
      hooks?.onFileDone?.(file);
    }
    try {
      view = await api.request<TransferView>('POST', `/api/transfers/${state.transferId}/send`, { token: session.token, body: state.sendBody });
    } catch (error) {
      // A send retried after a lost response finds the message already sent: that is success.
      if (!(error instanceof SealpostError && error.code === 'SP_ERR_CONFLICT')) throw error;
      view = await api.request<TransferView>('GET', `/api/transfers/${state.transferId}`, { token: session.token });
      if (view.status === 'draft') throw error;
    }
  }
  await removePendingSend(options.store, state.transferId);
  return view;
}
