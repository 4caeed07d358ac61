// What a send needs to survive a crash or a page reload, kept until the message is sent (then removed): the
// transfer and file ids, the message identity and each file's age prefix (header + payload nonce) — with those,
// every remaining ciphertext byte is recomputed exactly — plus the prepared send request (ciphertext and key
// splits that open nothing the stored identity does not already open; kept so access codes need not be retyped).
// Where it is kept is the shell's business: a 0600 file for the CLI, localStorage in the web app.
import type { SendTransferRequest } from './api-contract.ts';

export interface PendingFile {
  fileId: string;
  name: string;
  size: number;
  lastModified: number;
  /** base64 of header || payload nonce. */
  prefix: string;
  /** Where the shell finds the file again, if it can (the CLI: the absolute path). */
  path?: string;
}

export interface PendingRecipient {
  id: string;
  email: string;
  field: 'to' | 'cc';
  method: string;
  maskedPhone: string | null;
  /** Only kept when the user delivers links themselves (notify: false), to show them at the end. */
  link?: string;
}

export interface PendingSend {
  v: 1;
  /** Hash of the inputs (CLI): the same send run again resumes instead of starting over. */
  fingerprint?: string;
  server: string;
  email: string;
  transferId: string;
  expiresAt: string;
  /** The message identity. Secret; deleted once the message is sent. */
  identity: string;
  files: PendingFile[];
  recipients: PendingRecipient[];
  sendBody: SendTransferRequest;
}

/** Where pending sends are kept. */
export interface PendingSendStore {
  save(state: PendingSend): Promise<void>;
  remove(transferId: string): Promise<void>;
}
