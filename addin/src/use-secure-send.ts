// The end-to-end send card's state and actions (secure-send-panel.tsx shows them): the agreements' choices, the files,
// the phases idle → running (its progress and pause: upload-run.ts) → sent (and the record filed) or failed, and continuing the unfinished
// send of THIS draft. The pipeline itself is secure-send.ts; the record is sent-copy.ts.
import { useEffect, useState } from 'react';
import type { PendingSend } from '../../src/client/pending-send.ts';
import type { AddinLang, AddinTranslate } from './i18n.ts';
import { type AttachmentDetails, loadCustomProperties, type MailboxItem, office, promisify } from './office.ts';
import { listAttachments } from './outlook-attachments.ts';
import { loadSenderChoices, type SenderChoices } from './recipient-choices.ts';
import { filesOf, pendingStore, resumeSecureSend, startSecureSend, type SendSession, type SentSummary, type StartedSend } from './secure-send.ts';
import type { Filing } from './secure-send-parts.tsx';
import { pendingSendProperty as pendingProperty } from './secure-flag.ts';
import { rewriteAsSentCopy } from './sent-copy.ts';
import { sendFailureText } from './send-errors.ts';
import { useUploadRun } from './upload-run.ts';


export type Phase =
  | { kind: 'idle' }
  | { kind: 'running' }
  | { kind: 'failed'; reason: string }
  | { kind: 'sent'; summary: SentSummary; filing: Filing };

async function markPending(item: MailboxItem, transferId: string | undefined): Promise<void> {
  const p = await loadCustomProperties(item);
  if (transferId) p.set(pendingProperty, transferId);
  else p.remove(pendingProperty);
  await promisify<void>((cb) => p.saveAsync(cb));
}

/** The unfinished send of THIS draft, if the pane kept one (never another draft's: it would be sent from here). */
async function pendingOf(item: MailboxItem, session: SendSession): Promise<PendingSend | undefined> {
  const state = pendingStore.load(session.email);
  const id = (await loadCustomProperties(item).catch(() => undefined))?.get(pendingProperty);
  if (state && state.transferId === id) return state;
  // A mark without its state here (sent meanwhile, given up, or started in another browser): the draft is not this
  // pane's to continue. Clearing the mark leaves it protected: "Send securely" still stops Outlook's own send.
  if (typeof id === 'string') await markPending(item, undefined).catch(() => undefined);
  return undefined;
}

/** Turns the draft into the record and, where Outlook can, sends it (to the sender alone). */
async function fileRecord(item: MailboxItem, summary: SentSummary, session: SendSession, t: AddinTranslate, lang: AddinLang): Promise<Filing> {
  const profile = office().context.mailbox?.userProfile;
  const self = { displayName: profile?.displayName ?? session.email, emailAddress: profile?.emailAddress ?? session.email };
  try {
    await rewriteAsSentCopy(item, { ...summary, sentAt: new Date() }, self, t, lang);
    if (!item.sendAsync) return 'press-send';
    await promisify<void>((cb) => item.sendAsync?.(cb));
    return 'sent';
  } catch (e) {
    return { failed: e instanceof Error ? e.message : String(e) };
  }
}

export function useSecureSend(props: { t: AddinTranslate; lang: AddinLang; item: MailboxItem; session: SendSession }) {
  const { t, lang, item, session } = props;
  const [agreements, setAgreements] = useState<SenderChoices | undefined>(undefined);
  const [outlook, setOutlook] = useState<AttachmentDetails[]>([]);
  const [picked, setPicked] = useState<File[]>([]);
  const [expiry, setExpiry] = useState<number>(7);
  const [hideNames, setHideNames] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [pending, setPending] = useState<PendingSend | undefined>(undefined);
  const upload = useUploadRun();

  useEffect(() => {
    void (async () => {
      try {
        const a = await loadSenderChoices(session.token);
        setAgreements(a);
        setExpiry(a.defaultExpiryDays);
        setHideNames(a.hideFileNames);
        setOutlook(await listAttachments(item));
        setPending(await pendingOf(item, session));
      } catch (e) {
        setPhase({ kind: 'failed', reason: sendFailureText(t, e, 'e2e.failed') });
      }
    })();
  }, [item, session]);

  /** Runs a started send to the end, then files the record; a failure leaves the send to continue. */
  async function run(start: () => Promise<StartedSend>): Promise<void> {
    upload.reset();
    setPhase({ kind: 'running' });
    try {
      const started = await start();
      await markPending(item, started.transferId).catch(() => undefined);
      const summary = await upload.follow(started.run, started.done);
      setPending(undefined);
      setPhase({ kind: 'sent', summary, filing: 'sending' });
      // The pending mark goes with the record's mark, in one save (sent-copy.ts): never a moment where the draft
      // looks unsent to the send handler.
      setPhase({ kind: 'sent', summary, filing: await fileRecord(item, summary, session, t, lang) });
    } catch (e) {
      setPending(await pendingOf(item, session));
      setPhase({ kind: 'failed', reason: sendFailureText(t, e, 'e2e.failed') });
    }
  }

  const send = () => run(() => startSecureSend(item, session, { expiresInDays: expiry, hideFileNames: hideNames, picked, onProgress: upload.onProgress }));

  async function continueSend(): Promise<void> {
    const state = pending;
    if (!state) return;
    const files = await filesOf(item, picked).catch((e: unknown) => e);
    if (!Array.isArray(files)) return setPhase({ kind: 'failed', reason: sendFailureText(t, files, 'e2e.failed') });
    const missing = state.files.filter((p) => !files.some((f: File) => f.name === p.name && f.size === p.size));
    if (missing.length > 0) return setPhase({ kind: 'failed', reason: t('e2e.pendingFiles', { names: missing.map((m) => m.name).join(', ') }) });
    await run(() => Promise.resolve(resumeSecureSend(state, session, files as File[], upload.onProgress)));
  }

  async function discard(): Promise<void> {
    await pendingStore.remove('');
    await markPending(item, undefined).catch(() => undefined);
    setPending(undefined);
    setPhase({ kind: 'idle' });
  }

  return { agreements, outlook, picked, setPicked, expiry, setExpiry, hideNames, setHideNames, phase, pending, send, continueSend, discard, upload };
}
