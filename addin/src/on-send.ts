// What happens when the user presses Send (OnMessageSend, Smart Alerts, SendMode=SoftBlock in the manifest):
//  1. the security notices (send-notices.ts) run on the device within a time budget: `required` (a rule, or a recipient
//     in the agreement's always-secure domains) stops a plain send and offers "Send securely" (the Smart Alerts button
//     opens the Sealpost pane, where the toggle is; the user then sends again); warnings and advice stop the send once,
//     and a second Send with the same notices goes through (acknowledged, remembered on the item);
//  2. attachments above the organisation's threshold (large-attachments.ts) in a mail that does not go securely stop
//     the send once and offer the pane, whose "Large attachments" card replaces them with download links; with "Send
//     securely" on in gateway mode the gateway itself turns them into links (docs/gateway.md), so nothing stops there;
//  3. when "Send securely" is on in gateway mode, (re)set X-Sealpost-Secure first so the gateway protects the mail;
//     in end-to-end mode Outlook must not send it at all: the pane's "Send securely now" does (secure-send.ts), and the
//     draft becomes the sender's record, sent to the sender alone (sent-copy.ts) — let go only once really rewritten.
// Whatever cannot be checked (not signed in, no storage in this runtime, server unreachable, budget spent) lets the
// mail go: SoftBlock semantics, and the gateway's own triggers (header, subject tag, the same rules) are the backstop.
// Every path ends in event.completed exactly once.
import { renderNotice } from '../../src/core/dlp/render-notice.ts';
import type { Notice } from '../../src/core/dlp/types.ts';
import { languageOf, translator, type AddinLang } from './i18n.ts';
import { loadCustomProperties, type MailboxItem, promisify, type SendEvent } from './office.ts';
import { findLargeAttachments, largeAckProperty, largeAttachmentKey, largeAttachmentMessage, type LargeAttachments } from './large-attachments.ts';
import { applySecureHeader, readSecureChoice, secureHeaderSet, type SecureChoice } from './secure-flag.ts';
import { isSafeCopy, sentCopyMark } from './sent-copy.ts';
import { loadNoticeInputs, noticesFor, readDraft, verdictOf, type NoticeVerdict } from './send-notices.ts';
import type { SendingMode } from './sending-mode.ts';
import { withinBudget } from './within-budget.ts';

export interface SendDecision {
  allowEvent: boolean;
  errorMessage?: string;
  /** Smart Alerts (Mailbox 1.14): the label of the dialog's second button and the add-in command it runs. */
  cancelLabel?: string;
  commandId?: string;
}

/** The compose surface's task pane button (src/core/addin/manifest.ts: `sealpost.compose.open`). */
export const composePaneCommandId = 'sealpost.compose.open';
/** Custom property holding the notices already shown once for this message (their noticeKey). */
export const acknowledgedProperty = 'sealpostNoticesAck';
/** Smart Alerts shows at most 500 characters; the notices' titles are cut to fit. */
const maxMessageChars = 500;
/**
 * How long the notice check may take before the mail goes unchecked. Outlook allows the handler minutes, but the
 * user waits on every Send; a slow server must not hold mail hostage (the gateway checks again).
 */
export const defaultNoticeBudgetMs = 5000;

export interface NoticeOptions {
  /** The add-in's personal token and address (session.ts); without it no notices are checked. */
  session?: { token: string; email: string } | undefined;
  fetchImpl?: typeof fetch;
  budgetMs?: number;
}

async function checkNotices(item: MailboxItem, options: NoticeOptions): Promise<Notice[] | undefined> {
  const session = options.session;
  if (!session) return undefined;
  const work = Promise.all([loadNoticeInputs(session.token, options.fetchImpl), readDraft(item)]).then(([inputs, draft]) => noticesFor(draft, inputs, session.email));
  return withinBudget(work, options.budgetMs ?? defaultNoticeBudgetMs);
}

function noticeList(notices: readonly Notice[], lang: AddinLang, room: number): string {
  let text = '';
  for (const n of notices) {
    const r = renderNotice(n, lang);
    const next = `${text}${text ? ' ' : ''}${r.level}: ${r.title}.`;
    if (next.length > room) return text || `${next.slice(0, Math.max(0, room - 1))}…`;
    text = next;
  }
  return text;
}

function message(lang: AddinLang, key: 'send.required' | 'send.acknowledge', notices: readonly Notice[]): string {
  const t = translator(lang);
  const room = maxMessageChars - t(key, { notices: '' }).length;
  return t(key, { notices: noticeList(notices, lang, room) });
}

async function acknowledgedOf(item: MailboxItem, property: string): Promise<string[]> {
  const value = (await loadCustomProperties(item).catch(() => undefined))?.get(property);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Remembers what was shown (notices, large attachments); if that fails the user simply sees it again on the next Send. */
async function acknowledge(item: MailboxItem, property: string, keys: string[]): Promise<void> {
  try {
    const props = await loadCustomProperties(item);
    props.set(property, keys);
    await promisify<void>((cb) => props.saveAsync(cb));
  } catch {
    // Nothing to do: blocking again is the safe side.
  }
}

async function blockFor(verdict: Exclude<NoticeVerdict, { kind: 'pass' }>, item: MailboxItem, lang: AddinLang): Promise<SendDecision> {
  await acknowledge(item, acknowledgedProperty, verdict.keys);
  if (verdict.kind === 'required') {
    return { allowEvent: false, errorMessage: message(lang, 'send.required', verdict.notices), cancelLabel: translator(lang)('send.sendSecurely'), commandId: composePaneCommandId };
  }
  return { allowEvent: false, errorMessage: message(lang, 'send.acknowledge', verdict.notices) };
}

/** Large attachments in a mail that does not go securely: stop once, naming them, and offer the pane's card. */
async function decideOnLarge(found: LargeAttachments | undefined, item: MailboxItem, lang: AddinLang): Promise<SendDecision | undefined> {
  if (!found || found.files.length === 0) return undefined;
  const keys = found.files.map(largeAttachmentKey);
  const seen = await acknowledgedOf(item, largeAckProperty);
  if (keys.every((k) => seen.includes(k))) return undefined;
  await acknowledge(item, largeAckProperty, keys);
  const t = translator(lang);
  return { allowEvent: false, errorMessage: largeAttachmentMessage(t, lang, found), cancelLabel: t('links.openPane'), commandId: composePaneCommandId };
}

/** The large-attachment check, started beside the notices (one wait for the user); skipped like them. */
function checkLarge(item: MailboxItem, secure: boolean, options: NoticeOptions): Promise<LargeAttachments | undefined> {
  const session = options.session;
  // Going securely in gateway mode: the gateway replaces large attachments with links itself (docs/outlook.md).
  if (!session || secure) return Promise.resolve(undefined);
  return withinBudget(findLargeAttachments(item, session.token, options.fetchImpl), options.budgetMs ?? defaultNoticeBudgetMs);
}

function useSealpost(lang: AddinLang): SendDecision {
  const t = translator(lang);
  return { allowEvent: false, errorMessage: t('send.useSealpost'), cancelLabel: t('send.sendSecurely'), commandId: composePaneCommandId };
}

/** The record of an end-to-end send: it goes (to the sender alone) only when nothing of the content is left in it. */
async function decideOnCopy(item: MailboxItem, lang: AddinLang): Promise<SendDecision | undefined> {
  const mark = await sentCopyMark(item).catch(() => undefined);
  if (!mark) return undefined;
  if (await isSafeCopy(item, mark).catch(() => false)) return { allowEvent: true };
  return { allowEvent: false, errorMessage: translator(lang)('send.copyUnsafe') };
}

export async function decideOnSend(item: MailboxItem | undefined, mode: SendingMode, displayLanguage: string, options: NoticeOptions = {}): Promise<SendDecision> {
  if (!item) return { allowEvent: true };
  const lang = languageOf(displayLanguage);
  const copy = await decideOnCopy(item, lang);
  if (copy) return copy;
  let choice: SecureChoice;
  try {
    choice = await readSecureChoice(item);
  } catch {
    // The choice cannot be read (e.g. Outlook on Mac offline): the header, set by the toggle in both modes, tells
    // whether the user asked for protection. End-to-end: stop (offline the mail cannot leave anyway). Otherwise
    // SoftBlock semantics: let it go, the gateway's own triggers (header, subject tag, rules) still apply.
    const marked = await secureHeaderSet(item).catch(() => false);
    return marked && mode === 'end-to-end' ? useSealpost(lang) : { allowEvent: true };
  }
  // The pane is sending this draft end to end (or was cut short): only the pane may finish or give it up.
  if (choice.pending) return { ...useSealpost(lang), errorMessage: translator(lang)('send.pending') };
  const secure = choice.secure;
  // The mode the toggle was turned on in wins over this runtime's cache (which may be empty or another machine's).
  const effective = choice.mode ?? mode;
  // End-to-end: the content leaves only encrypted, through the pane; Outlook's own send would carry it in clear.
  if (secure && effective === 'end-to-end') return useSealpost(lang);
  const large = checkLarge(item, secure, options);
  const notices = await checkNotices(item, options);
  if (notices) {
    const verdict = verdictOf(notices, secure, await acknowledgedOf(item, acknowledgedProperty));
    if (verdict.kind !== 'pass') return blockFor(verdict, item, lang);
  }
  const largeStop = await decideOnLarge(await large, item, lang);
  if (largeStop) return largeStop;
  if (!secure || effective !== 'gateway') return { allowEvent: true };
  try {
    await applySecureHeader(item, true);
    return { allowEvent: true };
  } catch {
    // The user asked for secure sending and we could not mark the mail: stop rather than send it unprotected.
    return { allowEvent: false, errorMessage: translator(lang)('send.headerFailed') };
  }
}

/** Runs decideOnSend and completes the event exactly once, whatever happens. */
export function handleSend(event: SendEvent, item: MailboxItem | undefined, mode: SendingMode, displayLanguage: string, options: NoticeOptions = {}): void {
  decideOnSend(item, mode, displayLanguage, options).then(
    (decision) => event.completed(decision),
    () => event.completed({ allowEvent: true }),
  );
}
