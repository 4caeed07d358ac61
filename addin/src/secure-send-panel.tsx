// The end-to-end send card of the compose pane (sending mode "end-to-end", "Send securely" on): files, expiry and file
// names within the agreements, "Send securely now" with progress, pause and continue, then the draft is turned into
// the sender's record (sent-copy.ts) and sent to the sender alone. An upload cut short (pane closed, network lost)
// continues from where the server has it, on this same draft. State and actions: use-secure-send.ts.
import { useId } from 'react';
import type { AddinLang, AddinTranslate } from './i18n.ts';
import type { MailboxItem } from './office.ts';
import type { SendSession } from './secure-send.ts';
import { FileList, SentResult, UploadProgress } from './secure-send-parts.tsx';
import { useSecureSend } from './use-secure-send.ts';

export function SecureSendPanel(props: { t: AddinTranslate; lang: AddinLang; item: MailboxItem; session: SendSession }) {
  const { t, lang } = props;
  const { agreements, outlook, picked, setPicked, expiry, setExpiry, hideNames, setHideNames, phase, pending, send, continueSend, discard, upload } = useSecureSend(props);
  const headingId = useId();
  const expiryId = useId();
  const hideId = useId();

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
        <UploadProgress t={t} lang={lang} progress={upload.progress} paused={upload.paused}
          onPause={upload.pause} onResume={upload.resume} />
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
