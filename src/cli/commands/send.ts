/**
 * `sealpost send --to … [--verify …] FILES…`: encrypts on this machine and sends. Uploads are resumable:
 * after a crash, `sealpost send --resume` (or the same command again) continues where the server stopped.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { nativeChunkCipher } from '../../crypto/node.ts';
import type { SendTransferRequest, TransferView } from '../../client/api-contract.ts';
import { hasCode } from '../../client/api-error.ts';
import type { FileSource } from '../../client/file-source.ts';
import { localFileSource, resumedFileSource } from '../../client/node/file-source.ts';
import { completeSend, prepareSend, type ComposeInput, type SendContext, type SendProgress } from '../../client/send.ts';
import { noticeRuleIdsFor } from './send-notices.ts';
import type { CliIo, CommandSpec } from '../cli-io.ts';
import { openStore, parseCommandArgs, UsageError, withUsage } from '../client/command-args.ts';
import { isStaffSession, loadPersonalKey, requireSession } from '../client/credentials.ts';
import { listPendingSends, pendingSendStore, sendFingerprint, type PendingSend } from '../client/pending-sends.ts';
import { createProgress, type Progress } from '../client/progress.ts';
import { parseAddressList, parseExpires, parseLang, parseVerify } from '../client/send-options.ts';
import { staffPublicKey } from '../client/staff-key.ts';
import { rememberedCodes } from '../client/remembered-code.ts';
import { SealpostError } from '../../core/errors.ts';
import { terminalJson, terminalLine } from '../../core/text/terminal.ts';
import { cliApiClient } from '../client/cli-api.ts';
import { keyLogCheckpointStore } from '../client/key-log-checkpoint.ts';
import { pickAccounts } from '../../client/account-recipients.ts';
import type { SenderAgreements } from '../../client/api-contract.ts';

const usage = `usage: sealpost send --to ADDRESSES [--cc ADDRESSES] [--verify account|sms:PHONE|code:SECRET|code|email|none]
                    [--subject S] [--message TEXT | --message-file F|-] [--expires 7d] [--lang de|nl|en]
                    [--notify] [--no-notify] [--in-reply-to ID] [--json] FILES...
       sealpost send --resume                       (continue an interrupted send)
  ADDRESSES   separated by comma, semicolon, space or newline; --to/--cc may be repeated
  --verify    how recipients prove who they are (default: account for a registered recipient, else what you chose
              last time for them, else the server's default)
              account — encrypted to the recipient's own key (checked against the key log): no code to pass on
              code:SECRET — pass the code on by phone or letter, never by e-mail
              code — reuse the access code remembered for each recipient: your organisation's, else your own
                     from last time (staff: needs your password, or SEALPOST_PASSWORD_FILE)
  --notify    mail me when a recipient opens the message
  --no-notify the server mails nothing: each recipient's link is printed for you to deliver
  --notify-subject S / --notify-text T / --sender-name N   what the notification mail says (not encrypted)
  --show-files       list file names and sizes in the notification (hidden by default)
  --max-downloads N  per file and recipient
  --in-reply-to ID   continue the conversation of one of your messages (its id, or a follow-up's): answer a reply securely
  --config-dir DIR   where your session and personal key are kept
  Signed in as staff (sealpost login --server URL), you send as your organisation: no e-mail code.`;

const options = {
  to: { type: 'string', multiple: true }, cc: { type: 'string', multiple: true }, verify: { type: 'string' },
  subject: { type: 'string' }, message: { type: 'string' }, 'message-file': { type: 'string' }, expires: { type: 'string' },
  lang: { type: 'string' }, notify: { type: 'boolean' }, 'no-notify': { type: 'boolean' }, json: { type: 'boolean' },
  resume: { type: 'boolean' }, 'notify-subject': { type: 'string' }, 'notify-text': { type: 'string' }, 'sender-name': { type: 'string' },
  'show-files': { type: 'boolean' }, 'max-downloads': { type: 'string' }, 'in-reply-to': { type: 'string' },
} as const;

type Values = ReturnType<typeof parseCommandArgs<typeof options>>['values'];

async function messageText(values: Values, io: CliIo): Promise<string> {
  if (values.message !== undefined && values['message-file'] !== undefined) throw new UsageError('give --message or --message-file, not both');
  if (values['message-file'] === undefined) return values.message ?? '';
  if (values['message-file'] === '-') {
    const parts: Buffer[] = [];
    for await (const c of io.stdin) parts.push(Buffer.from(c as Uint8Array));
    return Buffer.concat(parts).toString('utf8');
  }
  return readFile(path.resolve(io.cwd, values['message-file']), 'utf8').catch(() => {
    throw new UsageError(`cannot read ${values['message-file']}`);
  });
}

/** The command line as the client core's compose input (files are opened here: a missing one fails before anything is sent). */
async function composeInput(values: Values, files: string[], io: CliIo): Promise<{ input: ComposeInput; fingerprintParts: unknown; paths: string[] }> {
  const to = parseAddressList(values.to ?? []);
  const cc = parseAddressList(values.cc ?? []);
  if (to.length + cc.length === 0) throw new UsageError('give at least one recipient with --to');
  const maxDownloads = values['max-downloads'] === undefined ? undefined : Number(values['max-downloads']);
  if (maxDownloads !== undefined && (!Number.isInteger(maxDownloads) || maxDownloads < 1)) throw new UsageError('--max-downloads must be a whole number ≥ 1');
  const notification: NonNullable<SendTransferRequest['notification']> = {
    ...(values['sender-name'] ? { senderName: values['sender-name'] } : {}),
    ...(values['notify-subject'] ? { subject: values['notify-subject'] } : {}),
    ...(values['notify-text'] ? { text: values['notify-text'] } : {}),
  };
  const verify = parseVerify(values.verify);
  const lang = parseLang(values.lang);
  const threadOf = values['in-reply-to'];
  if (threadOf !== undefined && !/^[A-Za-z0-9_-]{22}$/.test(threadOf)) throw new UsageError('--in-reply-to takes a message id (22 characters, as `sealpost status` shows it)');
  const options = {
    subject: values.subject ?? '', text: await messageText(values, io), expiresInDays: parseExpires(values.expires), notifyOnOpen: values.notify === true,
    notify: values['no-notify'] !== true, notification, showFiles: values['show-files'] === true, maxDownloads,
    ...(threadOf ? { threadOf } : {}),
  };
  // --verify applies to every recipient; an access code is also given to those the server puts on "code" by their history.
  const recipient = (email: string, field: 'to' | 'cc') => ({
    email, field, lang, method: verify?.method, ...(verify?.method === 'sms' ? { phone: verify.phone } : {}), ...(verify?.method === 'code' ? { accessCode: verify.code } : {}),
  });
  const sources: FileSource[] = [];
  for (const f of files) sources.push(await localFileSource(path.resolve(io.cwd, f)).catch(() => Promise.reject(new SealpostError('SP_ERR_VALIDATION', { message: `Cannot read ${f}: not a file` }))));
  const paths = files.map((f) => path.resolve(io.cwd, f));
  return {
    input: { ...options, recipients: [...to.map((e) => recipient(e, 'to')), ...cc.map((e) => recipient(e, 'cc'))], files: sources },
    fingerprintParts: { to, cc, verify, lang, ...options, files: paths },
    paths,
  };
}

function progressHooks(io: CliIo): SendProgress {
  let bar: Progress | undefined;
  let last = 0;
  return {
    onFileStart: (file, total, already) => {
      bar = createProgress(io.stderr, { label: file.name, total, initial: already });
      last = already;
    },
    onFileProgress: (_file, sent) => {
      bar?.add(sent - last);
      last = sent;
    },
    onFileDone: () => {
      bar?.done();
      bar = undefined;
    },
  };
}

function methodWording(method: string, maskedPhone: string | null): string {
  if (method === 'account') return 'account (strongest): no code';
  if (method === 'sms') return `SMS code to ${terminalLine(maskedPhone ?? '?')}`;
  return method === 'code' ? 'access code' : method === 'email' ? 'e-mail code (weakest)' : 'link only';
}

function report(io: CliIo, state: PendingSend, view: TransferView, json: boolean): void {
  const recipients = state.recipients.map((r) => {
    const live = view.recipients.find((v) => v.id === r.id);
    return { id: r.id, email: r.email, field: r.field, method: r.method, maskedPhone: r.maskedPhone, state: live?.state ?? 'pending', notify: r.link === undefined, ...(r.link ? { link: r.link } : {}) };
  });
  if (json) {
    io.stdout.write(`${terminalJson({ id: view.id, status: view.status, expiresAt: view.expiresAt, files: state.files.map((f) => ({ id: f.fileId, name: f.name, size: f.size })), recipients })}\n`);
    return;
  }
  io.stdout.write(`Sent message ${terminalLine(view.id)} (expires ${terminalLine(view.expiresAt)}).\n`);
  for (const r of recipients) {
    const how = methodWording(r.method, r.maskedPhone);
    io.stdout.write(r.link ? `  ${terminalLine(r.email)} (${how}): ${terminalLine(r.link)}\n` : `  ${terminalLine(r.email)} (${how}): notification queued\n`);
  }
  if (recipients.some((r) => r.link)) io.stdout.write('Deliver each link to its recipient yourself; anyone with a link and the verification can read the message.\n');
  if (recipients.some((r) => r.method === 'code')) io.stdout.write('Pass the access code on by phone or letter, not by e-mail.\n');
}

export async function runSend(argv: string[], io: CliIo): Promise<number> {
  return withUsage('send', usage, io, async () => {
    const { values, positionals } = parseCommandArgs(argv, options);
    if (values.help) {
      io.stdout.write(`${usage}\n`);
      return 0;
    }
    const store = openStore(io, values['config-dir']);
    const session = await requireSession(store);
    const ctx: SendContext = {
      api: cliApiClient(session.server, io), token: session.token, cipher: nativeChunkCipher, store: pendingSendStore(store),
      checkpoints: keyLogCheckpointStore(store, session.server),
    };
    const progress = progressHooks(io);
    const json = values.json === true;
    const pending = (await listPendingSends(store)).filter((p) => p.server === session.server && p.email === session.email);
    if (values.resume && positionals.length === 0) {
      if (pending.length === 0) throw new SealpostError('SP_ERR_NOT_FOUND', { message: 'There is no interrupted send to resume' });
      for (const state of pending) report(io, state, await resume(ctx, state, progress), json);
      return 0;
    }
    if (positionals.length === 0 && !values.to) throw new UsageError('give recipients and files');
    const { input, fingerprintParts, paths } = await composeInput(values, positionals, io);
    const verify = parseVerify(values.verify);
    if (verify?.method === 'code' && verify.code === undefined) await reuseRememberedCodes(io, ctx.api, store, session, input, json);
    // The sender's copy is encrypted to the personal key's public half: a guest's is on this machine, a staff member's
    // is the account's (fetched each time, so a key replaced in the browser is used at once; no password needed).
    const personalRecipient = isStaffSession(session) ? await staffPublicKey(ctx.api, session.token) : (await loadPersonalKey(store))?.recipient;
    if (!personalRecipient) throw new SealpostError('SP_ERR_UNAUTHORIZED', { message: 'Your personal key is missing: run `sealpost login` again' });
    const fingerprint = sendFingerprint({ server: session.server, email: session.email, input: fingerprintParts });
    const earlier = pending.find((p) => p.fingerprint === fingerprint);
    if (earlier) {
      if (!json) io.stderr.write(`Resuming message ${terminalLine(earlier.transferId)}.\n`);
      report(io, earlier, await resume(ctx, earlier, progress), json);
      return 0;
    }
    // The notices that fire on this machine are declared, so the server holds recipients to their minimum verification.
    const noticeRuleIds = await noticeRuleIdsFor(ctx.api, session.token, input, session.email);
    const recipients = await withAccounts(ctx, input.recipients);
    const { state, encryptors } = await prepareSend(ctx, {
      server: session.server, email: session.email, personalRecipient, input: { ...input, recipients, noticeRuleIds }, fingerprint, paths,
    }).catch(cliWording);
    report(io, state, await finish(completeSend(ctx, { state, files: input.files, encryptors, progress }).done), json);
    return 0;
  });
}

/** `--verify code` without a code: each recipient gets the code remembered for them, and the sender is told so. */
async function reuseRememberedCodes(io: CliIo, api: SendContext['api'], store: ReturnType<typeof openStore>, session: Awaited<ReturnType<typeof requireSession>>, input: ComposeInput, json: boolean): Promise<void> {
  const codes = await rememberedCodes(io, api, store, session, input.recipients.map((r) => r.email));
  for (const r of input.recipients) {
    const reused = codes.get(r.email);
    r.accessCode = reused?.code;
    if (reused?.source === 'sender') r.ownCodeSealed = reused.sealed;
    // On stderr with --json, so the JSON on stdout stays one document. The code itself is not printed: the sender
    // reads it in the web app or passes on the one they know.
    const line = reused?.source === 'directory' ? `Using the access code your organisation remembered for ${terminalLine(r.email)}.\n` : `Using the access code you used last time for ${terminalLine(r.email)}.\n`;
    (json ? io.stderr : io.stdout).write(line);
  }
}

/** Without --verify, a registered recipient whose key the log vouches for gets `account`, if the agreements allow it. */
async function withAccounts(ctx: SendContext, recipients: ComposeInput['recipients']): Promise<ComposeInput['recipients']> {
  if (!ctx.checkpoints || recipients.every((r) => r.method !== undefined)) return recipients;
  const agreements = await ctx.api.request<SenderAgreements>('GET', '/api/sender/agreements', { token: ctx.token });
  return pickAccounts({ api: ctx.api, token: ctx.token, checkpoints: ctx.checkpoints }, recipients, agreements.allowedMethods);
}

/** The core's errors, with what to type next on this command line. */
function cliWording(error: unknown): never {
  if (hasCode(error, 'SP_ERR_VALIDATION') && (error as SealpostError).details && ((error as SealpostError).details as { reason?: string }).reason === 'accessCodeMissing') {
    const who = ((error as SealpostError).details as { recipients: string[] }).recipients;
    throw new SealpostError('SP_ERR_VALIDATION', { message: `${who.join(', ')} open messages with an access code: pass --verify code:SECRET`, details: (error as SealpostError).details });
  }
  if (hasCode(error, 'SP_ERR_NETWORK')) {
    throw new SealpostError('SP_ERR_NETWORK', { message: `${(error as Error).message}. Run \`sealpost send --resume\` to continue.`, cause: error });
  }
  throw error;
}

const finish = (done: Promise<TransferView>): Promise<TransferView> => done.catch(cliWording);

/** Continues a saved send: the files are found again by path and must be unchanged. */
function resume(ctx: SendContext, state: PendingSend, progress: SendProgress): Promise<TransferView> {
  const files = state.files.map((f) => resumedFileSource(f.path ?? '', { size: f.size, lastModified: f.lastModified }));
  return finish(completeSend(ctx, { state, files, progress }).done);
}

export const sendCommand: CommandSpec = { summary: 'send a confidential message with files (encrypted here)', run: runSend };
