// Sending from the browser: a thin shell over the client core's send pipeline (src/client/send.ts), which the CLI
// uses too. This file turns the compose form into the core's input and the core's progress into the view's.
// Plaintext never leaves this page.
import { encryptedSize, type BlobEncryptor, type ChunkCipher } from '../../../src/crypto/index.ts';
import { createLazyCipher } from '../recipient/cipher-pool.ts';
import { blobFileSource } from '../../../src/client/file-source.ts';
import { completeSend as coreCompleteSend, prepareSend as corePrepareSend, type SendContext, type SendRun } from '../../../src/client/send.ts';
import type { Lang } from '../i18n/index.ts';
import { clearPendingSend, savePendingSend, type PendingSend } from './pending-send.ts';
import type { SenderAccess } from './sender-access.ts';
import { keyLogCheckpoints } from './key-log-checkpoint.ts';

export type { SendRun };
export type Method = 'account' | 'sms' | 'code' | 'email' | 'none';

export interface RecipientDraft {
  email: string;
  method: Method;
  /** sms: a new number; empty = the number remembered for this address. */
  phone: string;
  /** code: the access code the sender passes on (by phone). */
  accessCode: string;
  lang: Lang;
  /** code: the code sealed on this page for the organisation and for the sender (org-code.ts), set just before sending. */
  codeSealed?: string | undefined;
  ownCodeSealed?: string | undefined;
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
  /** Staff only: remember each recipient's verification in the organisation's directory. */
  rememberInDirectory?: boolean;
  /** Ids of the security notices shown when sending: the server checks recipients against their minimum verification. */
  noticeRuleIds?: string[];
  /** Answer securely: the message whose conversation this continues (answer.ts). */
  threadOf?: string | undefined;
}

/**
 * The same page cipher as downloads and replies (web/src/recipient/cipher-pool.ts): libsodium WebAssembly in a
 * batched worker pool, with fallbacks; about twice the pure-JS cipher for a 1 GiB upload (bench/browser-upload.ts).
 */
const pageCipher = createLazyCipher();

function cipher(): ChunkCipher {
  return pageCipher.get();
}

function context(access: SenderAccess): SendContext {
  return {
    api: access.api, token: access.token, uploadHeaders: access.uploadHeaders, cipher: cipher(),
    store: { save: (state) => Promise.resolve(savePendingSend(state)), remove: () => Promise.resolve(clearPendingSend()) },
    checkpoints: keyLogCheckpoints,
  };
}

/** Step 1: create the transfer, encrypt headers, seal the manifest, wrap keys. Saved before any upload. */
export function prepareSend(options: { access: SenderAccess; personalRecipient: string; draft: ComposeDraft }): Promise<{ state: PendingSend; encryptors: BlobEncryptor[] }> {
  const { access, draft } = options;
  return corePrepareSend(context(access), {
    server: location.origin,
    email: access.email,
    personalRecipient: options.personalRecipient,
    input: {
      recipients: draft.recipients.map((r) => ({ email: r.email, field: 'to', lang: r.lang, method: r.method, phone: r.phone, accessCode: r.accessCode, codeSealed: r.codeSealed, ownCodeSealed: r.ownCodeSealed })),
      subject: draft.subject,
      text: draft.text,
      files: draft.files.map((f) => blobFileSource(f)),
      expiresInDays: draft.expiresInDays,
      notifyOnOpen: draft.notifyOnOpen,
      maxDownloads: null,
      rememberInDirectory: draft.rememberInDirectory === true,
      notify: true,
      notification: {
        ...(draft.notificationSubject.trim() ? { subject: draft.notificationSubject.trim() } : {}),
        ...(draft.notificationText.trim() ? { text: draft.notificationText.trim() } : {}),
      },
      showFiles: !draft.hideFileNames,
      noticeRuleIds: draft.noticeRuleIds,
      threadOf: draft.threadOf,
    },
  });
}

export interface SendProgress {
  /** Ciphertext bytes on the server, per file id. */
  sent: Record<string, number>;
  total: Record<string, number>;
}

/** Step 2: upload what is missing (resuming at the server's offset), then send. Clears the saved state when done. */
export function completeSend(options: {
  access: SenderAccess;
  state: PendingSend;
  /** The File for each pending file, same order. */
  files: File[];
  encryptors?: BlobEncryptor[];
  onProgress: (progress: SendProgress) => void;
  chunkSize?: number;
}): SendRun {
  const { state } = options;
  const progress: SendProgress = { sent: {}, total: {} };
  for (const f of state.files) {
    progress.total[f.fileId] = encryptedSize(f.size);
    progress.sent[f.fileId] = 0;
  }
  return coreCompleteSend(context(options.access), {
    state,
    files: options.files.map((f) => blobFileSource(f)),
    encryptors: options.encryptors,
    chunkSize: options.chunkSize,
    progress: {
      onFileProgress: (file, sent) => {
        progress.sent[file.fileId] = sent;
        options.onProgress(progress);
      },
      onFileDone: (file) => {
        progress.sent[file.fileId] = progress.total[file.fileId] ?? 0;
        options.onProgress(progress);
      },
    },
  });
}
