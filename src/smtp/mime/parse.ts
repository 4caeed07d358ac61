/**
 * Parses a mail from the encrypted spool into a ParsedMail (issue 14, docs/gateway/parsing.md): streaming
 * (mailsplit), each attachment decoded into its own spool file, bodies buffered up to a cap, S/MIME signatures read
 * for their certificates. Runs in the caller's thread; src/smtp/mime/parse-in-worker.ts runs it in a worker.
 */
import type { ParsedMail, SpooledAttachment, SpooledBytes } from '../../core/gateway/model.ts';
import { headerFields } from './headers.ts';
import { mimeLimitsSchema, type MimeLimits } from './limits.ts';
import { SpoolSet } from './sinks.ts';
import { htmlToText } from './text.ts';
import { walkEntity, type WalkState, type WalkedAttachment } from './walk.ts';

export type ParsedMailHandle = ParsedMail & {
  /** Discards every attachment's spool file. */
  discard(): Promise<void>;
};

export interface ParseOptions {
  spoolDir: string;
  limits: MimeLimits;
  signal?: AbortSignal;
  /** Told the path of every spool file as it is created (the worker reports them, see parse-in-worker.ts). */
  onSpool?: (path: string) => void;
}

/** The parse result with the attachments still as this thread's spool files (the worker exports them). */
export type WalkedMail = Omit<ParsedMail, 'attachments'> & { attachments: WalkedAttachment[] };

export async function walkMail(raw: SpooledBytes, options: ParseOptions): Promise<WalkedMail> {
  const limits = mimeLimitsSchema.parse(options.limits);
  const state: WalkState = {
    limits,
    spools: new SpoolSet(options.spoolDir, options.onSpool),
    parts: 0,
    text: [],
    textBytes: 0,
    html: null,
    attachments: [],
    signerCertificates: [],
    signal: options.signal,
  };
  try {
    const root = await walkEntity(raw.read(), state, 0);
    if (!root?.headers) throw new Error('the mail has no header block');
    const fields = headerFields(root.headers);
    const html = state.html === '' ? null : state.html;
    const text = state.text.length > 0 ? state.text.join('\n') : html !== null ? htmlToText(html) : '';
    return { ...fields, text, html, attachments: state.attachments, signerCertificates: state.signerCertificates };
  } catch (error) {
    await state.spools.discardAll();
    throw error;
  }
}

export function attachmentOf(walked: { file: SpooledBytes; name: string; type: string; contentId: string | null; inline: boolean }): SpooledAttachment {
  const { file } = walked;
  return { name: walked.name, type: walked.type, contentId: walked.contentId, inline: walked.inline, size: file.size, read: (start) => file.read(start) };
}

/** Parses in this thread. A GatewayRefusal for a limit (5xx), a plain Error for anything else (451). */
export async function parseMail(raw: SpooledBytes, options: ParseOptions): Promise<ParsedMailHandle> {
  const walked = await walkMail(raw, options);
  const files = walked.attachments.map((a) => a.file);
  return {
    ...walked,
    attachments: walked.attachments.map(attachmentOf),
    async discard() {
      await Promise.all(files.map((f) => f.discard()));
    },
  };
}
