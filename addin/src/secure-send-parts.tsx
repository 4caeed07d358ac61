// The pieces of the end-to-end send card (secure-send-panel.tsx): the files that go with the message, the progress of
// the upload and what the sender must do after it. Plain views: all state lives in the panel.
import { useId } from 'react';
import { formatBytes } from '../../src/core/notifications/format.ts';
import type { AddinLang, AddinTranslate } from './i18n.ts';
import type { AttachmentDetails } from './office.ts';
import type { Progress, SentSummary } from './secure-send.ts';

/** Files picked on this computer (any size: read in slices while they are encrypted), with a remove button each. */
export function PickedFiles(props: { t: AddinTranslate; lang: AddinLang; picked: File[]; disabled: boolean; onPick: (files: File[]) => void; onRemove: (index: number) => void }) {
  const { t, lang, picked, disabled } = props;
  const id = useId();
  return (
    <>
      {picked.length > 0 ? (
        <>
          <h3>{t('e2e.picked')}</h3>
          <ul className="addin-files">
            {picked.map((f, i) => (
              <li key={`${f.name}-${i}`}>
                {f.name} ({formatBytes(f.size, lang)}){' '}
                <button type="button" className="secondary" disabled={disabled} aria-label={t('e2e.remove', { name: f.name })} onClick={() => props.onRemove(i)}>×</button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <label htmlFor={id} className="addin-pick">{t('e2e.addFiles')}</label>
      <input id={id} type="file" multiple disabled={disabled} onChange={(e) => {
        props.onPick([...(e.currentTarget.files ?? [])]);
        e.currentTarget.value = '';
      }} />
    </>
  );
}

export function FileList(props: { t: AddinTranslate; lang: AddinLang; outlook: AttachmentDetails[]; picked: File[]; disabled: boolean; onPick: (files: File[]) => void; onRemove: (index: number) => void }) {
  const { t, lang, outlook } = props;
  return (
    <>
      <h3>{t('e2e.attachments')}</h3>
      {outlook.length === 0 ? <p className="muted">{t('e2e.noAttachments')}</p> : (
        <ul className="addin-files">{outlook.map((a) => <li key={a.id}>{a.name} ({formatBytes(a.size, lang)})</li>)}</ul>
      )}
      <PickedFiles {...props} />
    </>
  );
}

export function UploadProgress(props: { t: AddinTranslate; lang: AddinLang; progress: Progress | undefined; paused: boolean; onPause: () => void; onResume: () => void }) {
  const { t, lang, progress, paused } = props;
  if (!progress || progress.total === 0) return <p role="status">{t('e2e.preparing')}</p>;
  return (
    <div className="addin-progress">
      <progress aria-label={t('e2e.progressLabel')} max={progress.total} value={progress.sent} />
      <p role="status">{t('e2e.progress', { sent: formatBytes(progress.sent, lang), total: formatBytes(progress.total, lang) })}</p>
      {paused ? (
        <button type="button" onClick={props.onResume}>{t('e2e.continue')}</button>
      ) : (
        <button type="button" className="secondary" onClick={props.onPause}>{t('e2e.pause')}</button>
      )}
    </div>
  );
}

export type Filing = 'sending' | 'sent' | 'press-send' | { failed: string };

export function SentResult(props: { t: AddinTranslate; summary: SentSummary; filing: Filing }) {
  const { t, summary, filing } = props;
  return (
    <div role="status" className="addin-sent">
      <p><strong>{t('e2e.sent', { count: summary.recipients.length })}</strong></p>
      {summary.codes.length > 0 ? (
        <>
          <p>{t('e2e.codes')}</p>
          <ul className="addin-codes">{summary.codes.map((c) => <li key={c.email}><code>{t('e2e.code', { email: c.email, code: c.code })}</code></li>)}</ul>
        </>
      ) : null}
      {filing === 'sent' ? <p>{t('e2e.filed')}</p> : null}
      {filing === 'press-send' ? <p>{t('e2e.pressSend')}</p> : null}
      {typeof filing === 'object' ? <p role="alert" className="error">{t('e2e.copyFailed', { reason: filing.failed })}</p> : null}
    </div>
  );
}
