// The end-to-end send card of the compose pane (sending mode "end-to-end", "Send securely" on): files, expiry and file
// names within the agreements, "Send securely now" with progress, pause and continue, then the draft is turned into
// the sender's record (sent-copy.ts) and sent to the sender alone. An upload cut short (pane closed, network lost)
// continues from where the server has it, on this same draft.
import { useEffect, useId, useRef, useState } from 'react';
import { hasCode } from '../../src/client/api-error.ts';
import type { PendingSend } from '../../src/client/pending-send.ts';
import type { AddinLang, AddinTranslate } from './i18n.ts';
import { office, promisify, type AttachmentDetails, type CustomProperties, type MailboxItem } from './office.ts';
import { AttachmentUnreadable, listAttachments } from './outlook-attachments.ts';
import { loadSenderChoices, type SenderChoices } from './recipient-choices.ts';
import { filesOf, pendingStore, resumeSecureSend, startSecureSend, type Progress, type SendSession, type SentSummary, type StartedSend } from './secure-send.ts';
import { FileList, SentResult, UploadProgress, type Filing } from './secure-send-parts.tsx';
import { rewriteAsSentCopy } from './sent-copy.ts';

const pendingProperty = 'sealpostPendingTransfer';

type Phase =
  | { kind: 'idle' }
  | { kind: 'running'; progress: Progress | undefined; paused: boolean }
  | { kind: 'failed'; reason: string; canContinue: boolean }
  | { kind: 'sent'; summary: SentSummary; filing: Filing };

function reasonOf(t: AddinTranslate, error: unknown): string {
  if (error instanceof AttachmentUnreadable) return t(error.reason === 'cloud' ? 'e2e.cloud' : 'e2e.unreadable', { name: error.attachment });
  if (error instanceof Error && error.message === 'no-recipients') return t('e2e.noRecipients');
  if (hasCode(error, 'SP_ERR_NETWORK')) return t('e2e.offline');
  return t('e2e.failed', { reason: error instanceof Error ? error.message : String(error) });
}

async function itemProps(item: MailboxItem): Promise<CustomProperties> {
  return promisify<CustomProperties>((cb) => item.loadCustomPropertiesAsync(cb));
}

async function markPending(item: MailboxItem, transferId: string | undefined): Promise<void> {
  const p = await itemProps(item);
  if (transferId) p.set(pendingProperty, transferId);
  else p.remove(pendingProperty);
  await promisify<void>((cb) => p.saveAsync(cb));
}

/** The unfinished send of THIS draft, if the pane kept one. */
async function pendingOf(item: MailboxItem, session: SendSession): Promise<PendingSend | undefined> {
  const state = pendingStore.load(session.email);
  const id = (await itemProps(item)).get(pendingProperty);
  return state && state.transferId === id ? state : undefined;
}

export function SecureSendPanel(props: { t: AddinTranslate; lang: AddinLang; item: MailboxItem; session: SendSession }) {
  const { t, lang, item, session } = props;
  const [agreements, setAgreements] = useState<SenderChoices | undefined>(undefined);
  const [outlook, setOutlook] = useState<AttachmentDetails[]>([]);
  const [picked, setPicked] = useState<File[]>([]);
  const [expiry, setExpiry] = useState<number>(7);
  const [hideNames, setHideNames] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [pending, setPending] = useState<PendingSend | undefined>(undefined);
  const running = useRef<StartedSend | undefined>(undefined);
  const headingId = useId();
  const expiryId = useId();
  const hideId = useId();

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
        setPhase({ kind: 'failed', reason: reasonOf(t, e), canContinue: false });
      }
    })();
  }, [item, session]);

  async function finish(started: StartedSend): Promise<void> {
    running.current = started;
    const summary = await started.done;
    running.current = undefined;
    setPending(undefined);
    setPhase({ kind: 'sent', summary, filing: 'sending' });
    await markPending(item, undefined).catch(() => undefined);
    const profile = office().context.mailbox?.userProfile;
    const self = { displayName: profile?.displayName ?? session.email, emailAddress: profile?.emailAddress ?? session.email };
    try {
      await rewriteAsSentCopy(item, { ...summary, sentAt: new Date() }, self, t, lang);
      const canSend = item.sendAsync !== undefined;
      if (canSend) await promisify<void>((cb) => item.sendAsync?.(cb));
      setPhase({ kind: 'sent', summary, filing: canSend ? 'sent' : 'press-send' });
    } catch (e) {
      setPhase({ kind: 'sent', summary, filing: { failed: e instanceof Error ? e.message : String(e) } });
    }
  }

  const onProgress = (progress: Progress) => setPhase((p) => (p.kind === 'running' ? { ...p, progress } : p));

  async function send(): Promise<void> {
    setPhase({ kind: 'running', progress: undefined, paused: false });
    try {
      const started = await startSecureSend(item, session, { expiresInDays: expiry, hideFileNames: hideNames, picked, onProgress });
      await markPending(item, started.transferId).catch(() => undefined);
      await finish(started);
    } catch (e) {
      const state = pendingStore.load(session.email);
      setPending(state);
      setPhase({ kind: 'failed', reason: reasonOf(t, e), canContinue: state !== undefined });
    }
  }

  async function continueSend(): Promise<void> {
    const state = pending ?? pendingStore.load(session.email);
    if (!state) return;
    setPhase({ kind: 'running', progress: undefined, paused: false });
    try {
      const files = await filesOf(item, picked);
      const missing = state.files.filter((p) => !files.some((f) => f.name === p.name && f.size === p.size));
      if (missing.length > 0) {
        setPhase({ kind: 'failed', reason: t('e2e.pendingFiles', { names: missing.map((m) => m.name).join(', ') }), canContinue: true });
        return;
      }
      await finish(resumeSecureSend(state, session, files, onProgress));
    } catch (e) {
      setPhase({ kind: 'failed', reason: reasonOf(t, e), canContinue: true });
    }
  }

  async function discard(): Promise<void> {
    await pendingStore.remove('');
    await markPending(item, undefined).catch(() => undefined);
    setPending(undefined);
    setPhase({ kind: 'idle' });
  }

  const busy = phase.kind === 'running';
  const done = phase.kind === 'sent';
  return (
    <section className="addin-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('e2e.heading')}</h2>
      <p className="muted">{t('e2e.explain')}</p>
      {!done ? (
        <FileList t={t} lang={lang} outlook={outlook} picked={picked} disabled={busy} onPick={(f) => setPicked((p) => [...p, ...f])} onRemove={(i) => setPicked((p) => p.filter((_, j) => j !== i))} />
      ) : null}
      {agreements && !done && !pending ? (
        <>
          <label htmlFor={expiryId}>{t('e2e.expiry')}</label>
          <input id={expiryId} type="number" min={1} max={agreements.maxExpiryDays} value={expiry} disabled={busy} onChange={(e) => setExpiry(Math.min(agreements.maxExpiryDays, Math.max(1, Number(e.currentTarget.value) || 1)))} />
          {agreements.senderMayShowFileNames || !agreements.hideFileNames ? (
            <label className="addin-toggle" htmlFor={hideId}>
              <input id={hideId} type="checkbox" checked={hideNames} disabled={busy} onChange={(e) => setHideNames(e.currentTarget.checked)} />
              <span>{t('e2e.hideNames')}</span>
            </label>
          ) : null}
        </>
      ) : null}
      {pending && !busy && !done ? <p role="status">{t('e2e.pending', { count: pending.files.length })}</p> : null}
      {phase.kind === 'running' ? (
        <UploadProgress t={t} lang={lang} progress={phase.progress} paused={phase.paused}
          onPause={() => { running.current?.run.pause(); setPhase({ ...phase, paused: true }); }}
          onResume={() => { running.current?.run.resume(); setPhase({ ...phase, paused: false }); }} />
      ) : null}
      {phase.kind === 'failed' ? <p role="alert" className="error">{phase.reason}</p> : null}
      {phase.kind === 'sent' ? <SentResult t={t} summary={phase.summary} filing={phase.filing} /> : null}
      {!busy && !done && pending ? (
        <>
          <button type="button" onClick={() => void continueSend()}>{t('e2e.continue')}</button>{' '}
          <button type="button" className="secondary" onClick={() => void discard()}>{t('e2e.discard')}</button>
        </>
      ) : null}
      {!busy && !done && !pending ? <button type="button" disabled={!agreements} onClick={() => void send()}>{t('e2e.send')}</button> : null}
    </section>
  );
}
