// After a reload mid-upload: the browser cannot reopen files by itself, so the user picks the same files again
// (checked by name, size and modification time) and the upload continues at the server's offset.
import { useId, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import { displayName } from './display-name.ts';
import { matchFile, type PendingSend } from './pending-send.ts';

export function ResumeCard(props: { pending: PendingSend; onResume: (files: File[]) => void; onDiscard: () => void }): ReactNode {
  const { t, formatSize } = useI18n();
  const [missing, setMissing] = useState<string[]>([]);
  const inputId = useId();
  const { pending } = props;
  const pick = (list: FileList | null) => {
    const picked = Array.from(list ?? []);
    const matched = pending.files.map((f) => matchFile(f, picked));
    const lost = pending.files.filter((_, i) => matched[i] === undefined).map((f) => displayName(f.name));
    setMissing(lost);
    if (lost.length === 0) props.onResume(matched as File[]);
  };
  return (
    <section className="card resume-card" aria-labelledby="resume-title">
      <h2 id="resume-title">{t('resume.title')}</h2>
      <p>{t('resume.text', { recipients: pending.recipients.map((r) => r.email).join(', ') })}</p>
      <ul className="file-list">
        {pending.files.map((f) => <li key={f.fileId}><span className="file-name">{displayName(f.name)}</span> <span className="file-size">{formatSize(f.size)}</span></li>)}
      </ul>
      {missing.length > 0 && <p className="alert alert-error" role="alert">{t('resume.mismatch', { names: missing.join(', ') })}</p>}
      <div className="actions">
        {pending.files.length === 0 ? (
          <button type="button" className="button-primary" onClick={() => props.onResume([])}>{t('resume.continue')}</button>
        ) : (
          <>
            <input id={inputId} className="visually-hidden-input" type="file" multiple onChange={(e) => { pick(e.target.files); e.target.value = ''; }} />
            <label htmlFor={inputId} className="button-primary file-button">{t('resume.pick')}</label>
          </>
        )}
        <button type="button" className="button-secondary" onClick={props.onDiscard}>{t('resume.discard')}</button>
      </div>
    </section>
  );
}
