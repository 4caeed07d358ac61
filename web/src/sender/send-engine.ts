// Sending from the browser, mirroring the CLI (src/cli/client/send-engine.ts): compose on the server (ids, sizes),
// make a fresh message identity, encrypt each file to it, seal the manifest, split the key per recipient, upload
// over tus (resumable), then hand over only wrapped keys and shares. Plaintext never leaves this page.
import {
  createEncryptor, createRecipientKeys, encodeHeaderHash, encryptedSize, generateMessageIdentity, nobleChunkCipher,
  resumeEncryptor, sealManifest, toBase64Url, wrapIdentityToRecipient, type BlobEncryptor, type ChunkCipher,
} from '../../../src/crypto/index.ts';
import type {
  CreateTransferRequest, CreateTransferResponse, SendTransferRequest, TransferView,
} from '../../../src/client/api-contract.ts';
import { ApiError, apiRequest } from '../api/client.ts';
import type { Lang } from '../i18n/index.ts';
import { base64ToBytes, bytesToBase64 } from './base64.ts';
import { clearPendingSend, savePendingSend, type PendingFile, type PendingSend } from './pending-send.ts';
import type { SenderSession } from './session.ts';
import { startFileUpload, type FileUpload } from './tus-upload.ts';

export type Method = 'sms' | 'code' | 'email' | 'none';

export interface RecipientDraft {
  email: string;
  method: Method;
  /** sms: a new number; empty = the number remembered for this address. */
  phone: string;
  /** code: the access code the sender passes on (by phone). */
  accessCode: string;
  lang: Lang;
}

export interface ComposeDraft {
  recipients: RecipientDraft[];
  subject: string;
  text: string;
  files: File[];
  expiresInDays: number;
  notifyOnOpen: boolean;
  hideFileNames: boolean;
  notificationSubject: string;
  notificationText: string;
}

/**
 * The pure-JS cipher on the page's thread: on 2 cores the Web Worker pool measured slower (bench/crypto.ts:
 * 43 vs 82 MB/s encrypt), since every 64 KiB chunk pays a worker round trip. See web/src/recipient/cipher-pool.ts.
 */
function cipher(): ChunkCipher {
  return nobleChunkCipher;
}

/** Step 1: create the transfer, encrypt headers, seal the manifest, wrap keys. Saved before any upload. */
export async function prepareSend(options: { session: SenderSession; personalRecipient: string; draft: ComposeDraft }): Promise<{ state: PendingSend; encryptors: BlobEncryptor[] }> {
  const { session, draft } = options;
  const created = await apiRequest<CreateTransferResponse>('POST', '/api/transfers', {
    token: session.token,
    body: {
      recipients: draft.recipients.map((r) => ({
        email: r.email, field: 'to' as const, lang: r.lang, method: r.method, ...(r.method === 'sms' && r.phone.trim() ? { phone: r.phone.trim() } : {}),
      })),
      files: draft.files.map((f) => ({ size: encryptedSize(f.size) })),
      expiresInDays: draft.expiresInDays,
      notifyOnOpen: draft.notifyOnOpen,
      maxDownloads: null,
    } satisfies CreateTransferRequest,
  });
  const message = await generateMessageIdentity();
  const bySlot = [...created.files].sort((a, b) => a.slot - b.slot);
  const encryptors = await Promise.all(draft.files.map(() => createEncryptor({ recipients: [message.recipient], cipher: cipher() })));
  const files: PendingFile[] = draft.files.map((f, i) => ({
    fileId: bySlot[i]?.id ?? '', name: f.name, size: f.size, lastModified: f.lastModified, prefix: bytesToBase64((encryptors[i] as BlobEncryptor).prefix),
  }));
  const manifest = await sealManifest({
    messageId: created.id,
    recipients: [message.recipient],
    manifest: {
      subject: draft.subject,
      text: draft.text,
      files: draft.files.map((f, i) => ({
        blobId: files[i]?.fileId ?? '', name: f.name, size: f.size, type: f.type || 'application/octet-stream', headerHash: encodeHeaderHash((encryptors[i] as BlobEncryptor).headerHash),
      })),
    },
  });
  const keys = [];
  for (const r of created.recipients) {
    const mine = draft.recipients.find((d) => d.email.toLowerCase() === r.email.toLowerCase());
    if (r.method === 'code' && !mine?.accessCode.trim()) throw new ApiError('SP_ERR_VALIDATION', 400, 'access code missing', { recipient: r.email });
    keys.push(await createRecipientKeys({ identity: message.identity, messageId: created.id, recipientId: r.id, accessCode: r.method === 'code' ? mine?.accessCode.trim() : undefined, linkOnly: r.method === 'none' }));
  }
  const ownerWrapped = toBase64Url(await wrapIdentityToRecipient({ identity: message.identity, recipient: options.personalRecipient, messageId: created.id }));
  const notification: SendTransferRequest['notification'] = {
    ...(draft.notificationSubject.trim() ? { subject: draft.notificationSubject.trim() } : {}),
    ...(draft.notificationText.trim() ? { text: draft.notificationText.trim() } : {}),
    ...(draft.hideFileNames ? {} : { files: draft.files.map((f) => ({ name: f.name, size: f.size })) }),
  };
  const state: PendingSend = {
    v: 1,
    email: session.email,
    transferId: created.id,
    identity: message.identity,
    files,
    recipients: created.recipients.map((r) => r.email),
    sendBody: { manifest: bytesToBase64(manifest), ownerWrappedIdentity: ownerWrapped, recipients: keys, notify: true, notification },
  };
  savePendingSend(state);
  return { state, encryptors };
}

export interface SendProgress {
  /** Ciphertext bytes on the server, per file id. */
  sent: Record<string, number>;
  total: Record<string, number>;
}

export interface SendRun {
  done: Promise<TransferView>;
  pause: () => void;
  resume: () => void;
}

/** Step 2: upload what is missing (resuming at the server's offset), then send. Clears the saved state when done. */
export function completeSend(options: {
  session: SenderSession;
  state: PendingSend;
  /** The File for each pending file, same order. */
  files: File[];
  encryptors?: BlobEncryptor[];
  onProgress: (progress: SendProgress) => void;
  chunkSize?: number;
}): SendRun {
  const { session, state } = options;
  const progress: SendProgress = { sent: {}, total: {} };
  for (const f of state.files) {
    progress.total[f.fileId] = encryptedSize(f.size);
    progress.sent[f.fileId] = 0;
  }
  let current: FileUpload | undefined;
  let paused = false;
  let onResume: (() => void) | undefined;
  const run = async (): Promise<TransferView> => {
    let view = await apiRequest<TransferView>('GET', `/api/transfers/${state.transferId}`, { token: session.token });
    if (view.status === 'draft') {
      const fresh = options.encryptors !== undefined;
      for (const [i, file] of state.files.entries()) {
        if (view.files.find((f) => f.id === file.fileId)?.complete) {
          progress.sent[file.fileId] = progress.total[file.fileId] ?? 0;
          options.onProgress(progress);
          continue;
        }
        if (paused) await new Promise<void>((resolve) => (onResume = resolve));
        const encryptor = options.encryptors?.[i] ?? (await resumeEncryptor({ prefix: base64ToBytes(file.prefix), identity: state.identity, cipher: cipher() }));
        current = startFileUpload({
          token: session.token, fileId: file.fileId, file: options.files[i] as File, plainSize: file.size, encryptor, resume: !fresh,
          ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
          onProgress: (sent) => {
            progress.sent[file.fileId] = sent;
            options.onProgress(progress);
          },
        });
        await current.done;
        current = undefined;
        progress.sent[file.fileId] = progress.total[file.fileId] ?? 0;
        options.onProgress(progress);
      }
      view = await apiRequest<TransferView>('POST', `/api/transfers/${state.transferId}/send`, { token: session.token, body: state.sendBody });
    }
    clearPendingSend();
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
