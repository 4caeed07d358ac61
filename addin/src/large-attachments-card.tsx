// The compose pane's "Large attachments" card (issue 15): the Outlook attachments above the organisation's threshold,
// and "Replace with download links" — they are encrypted on this device and uploaded as ONE Sealpost message to the
// mail's To/Cc recipients (each with the verification chosen in the pane) through the same pipeline as end-to-end
// sending (secure-send.ts), without notifications: each recipient's own link comes back and goes into the mail's
// body, and the attachments are removed. Files of any size picked on this computer (too large for Outlook at all) go
// the same way. The mail itself then goes as usual. Not shown when the whole mail goes end-to-end (compose-view.tsx):
// every file already goes through Sealpost there.
import { useCallback, useEffect, useId, useState } from 'react';
import { formatBytes } from '../../src/core/notifications/format.ts';
import type { AddinLang, AddinTranslate } from './i18n.ts';
import type { MailboxItem } from './office.ts';
import { listAttachments } from './outlook-attachments.ts';
import { largeAttachmentsOf, linksBlock, loadLargeThreshold, replaceWithLinks, type LargeAttachments } from './large-attachments.ts';
import { loadSenderChoices } from './recipient-choices.ts';
import type { SendSession, SentSummary } from './secure-send.ts';
import { PickedFiles, UploadProgress } from './secure-send-parts.tsx';
import { sendFailureText } from './send-errors.ts';
import { useUploadRun } from './upload-run.ts';

/**
 * The links send is not continued after the pane closes (a fresh press starts over; the abandoned draft expires on
 * the server), so its state — which holds the message identity and the links — stays in memory, and an end-to-end
 * send waiting in the pane's storage is left alone.
 */
const inMemory = { save: () => Promise.resolve(), remove: () => Promise.resolve() };

type Phase =
  | { kind: 'idle' }
  | { kind: 'running' }
  | { kind: 'failed'; reason: string }
  | { kind: 'done'; summary: SentSummary; bodyFailed?: string };

function Done(props: { t: AddinTranslate; summary: SentSummary; bodyFailed: string | undefined }) {
  const { t, summary, bodyFailed } = props;
  // The failure is an alert of its own, not nested in the status region (screen readers announce one or the other).
  return (
    <>
    {bodyFailed ? <p role="alert" className="error">{t('links.bodyFailed', { reason: bodyFailed })}</p> : null}
    <div role="status" className="addin-sent">
      {bodyFailed ? (
        <ul className="addin-codes">{summary.links.map((l) => <li key={l.email}>{t('links.downloadFor', { email: l.email })} {l.link}</li>)}</ul>
      ) : <p><strong>{t('links.done', { count: summary.files.length })}</strong></p>}
      {summary.codes.length > 0 ? (
        <>
          <p>{t('e2e.codes')}</p>
          <ul className="addin-codes">{summary.codes.map((c) => <li key={c.email}><code>{t('e2e.code', { email: c.email, code: c.code })}</code></li>)}</ul>
        </>
      ) : null}
    </div>
    </>
  );
}

/** The Outlook attachments above the threshold (none when it is 0: off), and the cloud links among them explained. */
function LargeList(props: { t: AddinTranslate; lang: AddinLang; large: LargeAttachments }) {
  const { t, lang, large } = props;
  const limited = large.thresholdMiB > 0;
  return (
    <>
      {limited ? <p className="muted">{t('links.explain', { limit: large.thresholdMiB })}</p> : null}
      {limited && large.files.length === 0 && large.cloud.length === 0 ? <p>{t('links.none', { limit: large.thresholdMiB })}</p> : null}
      {large.files.length > 0 ? (
        <>
          <h3>{t('links.list', { limit: large.thresholdMiB })}</h3>
          <ul className="addin-files">{large.files.map((a) => <li key={a.id}>{a.name} ({formatBytes(a.size, lang)})</li>)}</ul>
        </>
      ) : null}
      {large.cloud.map((a) => <p key={a.id} role="note">{t('links.cloud', { name: a.name })}</p>)}
    </>
  );
}

export function LargeAttachmentsCard(props: { t: AddinTranslate; lang: AddinLang; item: MailboxItem; session: SendSession }) {
  const { t, lang, item, session } = props;
  const [large, setLarge] = useState<LargeAttachments | undefined>(undefined);
  const [expiry, setExpiry] = useState<number | undefined>(undefined);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [picked, setPicked] = useState<File[]>([]);
  const upload = useUploadRun();
  const headingId = useId();

  const check = useCallback(async () => {
    try {
      const [threshold, agreements, attachments] = await Promise.all([loadLargeThreshold(session.token), loadSenderChoices(session.token), listAttachments(item)]);
      setExpiry(agreements.defaultExpiryDays);
      setLarge(threshold === undefined ? undefined : largeAttachmentsOf(attachments, threshold));
    } catch (e) {
      setPhase({ kind: 'failed', reason: sendFailureText(t, e, 'links.failed') });
    }
  }, [item, session, t]);

  useEffect(() => void check(), [check]);

  async function replace(found: LargeAttachments): Promise<void> {
    const ids = found.files.map((a) => a.id);
    upload.reset();
    setPhase({ kind: 'running' });
    let summary: SentSummary;
    try {
      // The send pipeline (crypto, uploads) loads only now: most panes never need it.
      const { startSecureSend } = await import('./secure-send.ts');
      const started = await startSecureSend(item, session, {
        attachmentIds: ids, picked, notify: false, text: t('links.messageText'), expiresInDays: expiry ?? 7, hideFileNames: false, onProgress: upload.onProgress, store: inMemory,
      });
      summary = await upload.follow(started.run, started.done);
    } catch (e) {
      setPhase({ kind: 'failed', reason: sendFailureText(t, e, 'links.failed') });
      return;
    }
    setPicked([]);
    try {
      await replaceWithLinks(item, ids, linksBlock(summary, t, lang));
      setPhase({ kind: 'done', summary });
    } catch (e) {
      setPhase({ kind: 'done', summary, bodyFailed: e instanceof Error ? e.message : String(e) });
    }
    await check();
  }

  if (!large) return phase.kind === 'failed' ? <p role="alert" className="addin-card error">{phase.reason}</p> : null;
  const busy = phase.kind === 'running';
  return (
    <section className="addin-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('links.heading')}</h2>
      <LargeList t={t} lang={lang} large={large} />
      <PickedFiles t={t} lang={lang} picked={picked} disabled={busy} onPick={(f) => setPicked((p) => [...p, ...f])} onRemove={(i) => setPicked((p) => p.filter((_, j) => j !== i))} />
      {phase.kind === 'running' ? (
        <UploadProgress t={t} lang={lang} progress={upload.progress} paused={upload.paused} onPause={upload.pause} onResume={upload.resume} />
      ) : null}
      {phase.kind === 'failed' ? <p role="alert" className="error">{phase.reason}</p> : null}
      {phase.kind === 'done' ? <Done t={t} summary={phase.summary} bodyFailed={phase.bodyFailed} /> : null}
      {!busy && (large.files.length > 0 || picked.length > 0) ? <button type="button" onClick={() => void replace(large)}>{t('links.replace')}</button> : null}{' '}
      {!busy ? <button type="button" className="secondary" onClick={() => void check()}>{t('links.check')}</button> : null}
    </section>
  );
}
