// End-to-end sending from Outlook (issue 15, sending mode "end-to-end"): the message being written is encrypted on
// this device and uploaded through the client core's one send pipeline (src/client/send.ts — the same as the web app
// and the CLI), and Sealpost mails the notifications. What goes in: subject and text of the Outlook message, its
// To/Cc recipients with the verification chosen per recipient (recipient-choices.ts), its attachments (read through
// Office.js, outlook-attachments.ts) and files picked in the pane (any size, streamed from disk). The pending state is
// kept in this origin's localStorage until the message is sent, so a closed pane can continue the upload.
// The same pipeline carries large ordinary attachments as download links (large-attachments-card.tsx): only some of
// the attachments, a text of its own, and `notify: false`, so each recipient's own link comes back in the summary.
import { createApiClient, type ApiClient } from '../../src/client/api-client.ts';
import type { TransferView } from '../../src/client/api-contract.ts';
import { blobFileSource, type FileSource } from '../../src/client/file-source.ts';
import type { PendingSend, PendingSendStore } from '../../src/client/pending-send.ts';
import { completeSend, prepareSend, type SendContext, type SendRecipient, type SendRun } from '../../src/client/send.ts';
import { generateAccessCode } from '../../src/crypto/access-code-generator.ts';
import { encryptedSize } from '../../src/crypto/index.ts';
import { createPageCipher } from '../../src/crypto/browser/page-cipher.ts';
import { keyLogCheckpoints } from '../../web/src/sender/key-log-checkpoint.ts';
import type { MailboxItem } from './office.ts';
import { attachmentFile, listAttachments } from './outlook-attachments.ts';
import { fromStored, loadSenderChoices, rememberedChoice, storedChoices, type RecipientChoice, type SenderChoices } from './recipient-choices.ts';
import { loadNoticeInputs, noticesFor, readDraft } from './send-notices.ts';

export interface SendSession {
  token: string;
  email: string;
}

/** The message options the pane offers, within the workplace agreements. */
export interface SendOptions {
  expiresInDays: number;
  hideFileNames: boolean;
}

/** What goes into one send, besides the recipients and their verification (always the Outlook message's To/Cc). */
export interface SendRequest extends SendOptions {
  /** Files picked in the pane, after the Outlook attachments. */
  picked: readonly File[];
  /** Which Outlook attachments go (by id); unset: every one (inline images stay with the body). */
  attachmentIds?: readonly string[] | undefined;
  /**
   * true (default): Sealpost mails each recipient a notification. false: Sealpost mails nothing and each recipient's
   * own link comes back in the summary, for the sender to deliver (the links put in an ordinary mail).
   */
  notify?: boolean | undefined;
  /** The Sealpost message's text; unset: the Outlook message's body. The subject is always the Outlook message's. */
  text?: string | undefined;
  /** Where the pending state is kept; unset: this pane's localStorage, so a closed pane can continue (pendingStore). */
  store?: PendingSendStore | undefined;
  onProgress: (p: Progress) => void;
}

export interface SentSummary {
  transferId: string;
  expiresAt: string;
  recipients: { email: string; method: string; maskedPhone: string | null }[];
  /** Each recipient's own link, only when sent with `notify: false` (the sender delivers them). */
  links: { email: string; method: string; link: string }[];
  files: { name: string; size: number }[];
  /** Access codes generated here for recipients on the method "code": the sender passes them on (by phone). */
  codes: { email: string; code: string }[];
}

export interface Progress {
  sent: number;
  total: number;
}

const pendingKey = 'sealpost.addin.pendingSend';
/**
 * The access codes generated for the pending send, kept beside it until it is sent: they are shown only at the end,
 * and a send continued after the pane was closed must still show them (the key splits were made with them). Written
 * first under a staging key and moved beside the state when the state itself is saved, so the codes of a send that
 * failed before it was saved never replace those of the send still waiting. No more secret than the message key the
 * pending state already holds.
 */
const codesKey = 'sealpost.addin.pendingCodes';
const stagedCodesKey = 'sealpost.addin.stagedCodes';

/** The unfinished send of this pane: only the latest is kept (starting another message replaces it). */
export const pendingStore: PendingSendStore & { load(email: string): PendingSend | undefined } = {
  save: (state) => {
    localStorage.setItem(pendingKey, JSON.stringify(state));
    const staged = localStorage.getItem(stagedCodesKey);
    if (staged !== null) {
      localStorage.setItem(codesKey, staged);
      localStorage.removeItem(stagedCodesKey);
    }
    return Promise.resolve();
  },
  remove: () => {
    for (const key of [pendingKey, codesKey, stagedCodesKey]) localStorage.removeItem(key);
    return Promise.resolve();
  },
  load(email) {
    try {
      const state = JSON.parse(localStorage.getItem(pendingKey) ?? 'null') as PendingSend | null;
      return state && state.v === 1 && state.email === email && state.server === location.origin ? state : undefined;
    } catch {
      return undefined;
    }
  },
};

/** Stages the codes of a send about to be prepared; the state's first save puts them beside it. */
function stageCodes(codes: Map<string, string>): void {
  localStorage.setItem(stagedCodesKey, JSON.stringify([...codes]));
}

function loadCodes(): Map<string, string> {
  try {
    return new Map(JSON.parse(localStorage.getItem(codesKey) ?? '[]') as Array<[string, string]>);
  } catch {
    return new Map();
  }
}

// The same page cipher as the web app (libsodium in a worker pool), made once per pane, started on first use.
let cipher: ReturnType<typeof createPageCipher> | undefined;

function context(session: SendSession, store: PendingSendStore = pendingStore, api: ApiClient = createApiClient({ baseUrl: location.origin })): SendContext {
  cipher ??= createPageCipher();
  return { api, token: session.token, cipher: cipher.get(), store, checkpoints: keyLogCheckpoints };
}

/** The choice for each To/Cc address: what the pane stored on the item, else what the server remembers. */
async function choicesFor(item: MailboxItem, emails: string[], session: SendSession, sender: SenderChoices): Promise<Map<string, RecipientChoice>> {
  const stored = await storedChoices(item);
  const out = new Map<string, RecipientChoice>();
  for (const email of emails) {
    const mine = stored[email];
    out.set(email, mine ? fromStored(mine) : await rememberedChoice(email, session.token, sender));
  }
  return out;
}

function recipientsOf(draft: { to: string[]; cc?: string[] | undefined }, choices: Map<string, RecipientChoice>, codes: Map<string, string>): SendRecipient[] {
  const one = (email: string, field: 'to' | 'cc'): SendRecipient => {
    const c = choices.get(email.toLowerCase());
    return {
      email, field, lang: c?.lang, method: c?.method,
      ...(c?.method === 'sms' && c.phone.trim() ? { phone: c.phone.trim() } : {}),
      ...(c?.method === 'code' ? { accessCode: codes.get(email.toLowerCase()) } : {}),
    };
  };
  return [...draft.to.map((e) => one(e, 'to')), ...(draft.cc ?? []).map((e) => one(e, 'cc'))];
}

/** The sender's copy is encrypted to the account's personal key (public half; no password needed to send). */
async function personalRecipient(api: ApiClient, token: string): Promise<string> {
  return (await api.request<{ publicKey: string }>('GET', '/api/account/personal-key', { token })).publicKey;
}

/** Outlook's attachments as files (all, or those with the given ids), then the files picked in the pane. */
export async function filesOf(item: MailboxItem, picked: readonly File[], attachmentIds?: readonly string[]): Promise<File[]> {
  const attachments = (await listAttachments(item)).filter((a) => !attachmentIds || attachmentIds.includes(a.id));
  const files: File[] = [];
  for (const a of attachments) files.push(await attachmentFile(item, a));
  return [...files, ...picked];
}

function summaryOf(state: PendingSend, codes: Map<string, string>): SentSummary {
  return {
    transferId: state.transferId,
    expiresAt: state.expiresAt,
    recipients: state.recipients.map((r) => ({ email: r.email, method: r.method, maskedPhone: r.maskedPhone })),
    links: state.recipients.flatMap((r) => (r.link ? [{ email: r.email, method: r.method, link: r.link }] : [])),
    files: state.files.map((f) => ({ name: f.name, size: f.size })),
    codes: state.recipients.filter((r) => r.method === 'code' && codes.has(r.email.toLowerCase())).map((r) => ({ email: r.email, code: codes.get(r.email.toLowerCase()) ?? '' })),
  };
}

export interface StartedSend {
  transferId: string;
  run: SendRun;
  /** Resolves once the server has sent the notifications. */
  done: Promise<SentSummary>;
}

function sources(files: readonly File[]): FileSource[] {
  return files.map((f) => blobFileSource(f));
}

/**
 * Encrypts and sends the message being written. The organisation's security notices run here too and their rule ids
 * are declared, so the server holds each recipient to the notice's minimum verification.
 */
export async function startSecureSend(item: MailboxItem, session: SendSession, options: SendRequest): Promise<StartedSend> {
  const ctx = context(session, options.store);
  const [draft, sender, notices] = await Promise.all([readDraft(item), loadSenderChoices(session.token), loadNoticeInputs(session.token)]);
  const emails = [...draft.to, ...(draft.cc ?? [])].map((e) => e.toLowerCase());
  if (emails.length === 0) throw new Error('no-recipients');
  const choices = await choicesFor(item, emails, session, sender);
  const codes = new Map<string, string>();
  // Generated here and shown once after sending, never stored on the item: the draft lives in the mailbox, and the code
  // must reach the recipient by another channel than the mail.
  for (const [email, c] of choices) if (c.method === 'code') codes.set(email, generateAccessCode());
  const files = await filesOf(item, options.picked, options.attachmentIds);
  const notify = options.notify ?? true;
  // Beside the pane's stored pending send only: a send kept elsewhere (in memory) keeps its codes in memory too.
  if (!options.store) stageCodes(codes);
  const { state, encryptors } = await prepareSend(ctx, {
    server: location.origin,
    email: session.email,
    personalRecipient: await personalRecipient(ctx.api, session.token),
    input: {
      recipients: recipientsOf(draft, choices, codes),
      subject: draft.subject,
      text: options.text ?? draft.body,
      files: sources(files),
      expiresInDays: options.expiresInDays,
      notifyOnOpen: true,
      maxDownloads: null,
      notify,
      notification: {},
      showFiles: !options.hideFileNames,
      noticeRuleIds: noticesFor(draft, notices, session.email).map((n) => n.id),
    },
  });
  const run = completeSend(ctx, { state, files: sources(files), encryptors, progress: progressOf(state, options.onProgress) });
  return { transferId: state.transferId, run, done: run.done.then(() => summaryOf(state, codes)) };
}

/** Continues a send the pane started before it was closed: the same files are needed again (matched by name and size). */
export function resumeSecureSend(state: PendingSend, session: SendSession, files: readonly File[], onProgress: (p: Progress) => void): StartedSend {
  const ctx = context(session);
  // Read now: the core forgets the pending state (and the codes with it) as soon as the message is sent.
  const codes = loadCodes();
  const matched = state.files.map((p) => files.find((f) => f.name === p.name && f.size === p.size));
  const run = completeSend(ctx, { state, files: matched.map((f) => (f ? blobFileSource(f, { lastModified: 0 }) : undefined)), progress: progressOf(state, onProgress) });
  return { transferId: state.transferId, run, done: run.done.then((view: TransferView) => summaryOf({ ...state, expiresAt: view.expiresAt ?? state.expiresAt }, codes)) };
}

/** Overall progress in ciphertext bytes; a file found complete on the server counts as sent. */
function progressOf(state: PendingSend, onProgress: (p: Progress) => void) {
  const total = state.files.reduce((sum, f) => sum + encryptedSize(f.size), 0);
  const sent = new Map<string, number>();
  const report = () => onProgress({ sent: [...sent.values()].reduce((a, b) => a + b, 0), total });
  return {
    onFileProgress: (file: { fileId: string }, bytes: number) => {
      sent.set(file.fileId, bytes);
      report();
    },
    onFileDone: (file: { fileId: string; size: number }) => {
      sent.set(file.fileId, encryptedSize(file.size));
      report();
    },
  };
}
