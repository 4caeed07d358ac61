// The ten recovery codes, shown once: copy, download as a .txt file, and "I have stored them" before going on.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import { saveBlob } from '../shell/save-blob.ts';

export function RecoveryCodesPanel(props: { codes: string[]; email: string; continueLabel?: string; onContinue: () => void }): ReactNode {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const [stored, setStored] = useState(false);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => heading.current?.focus(), []);
  const text = `${t('account.codes.fileHeading', { email: props.email })}\n\n${props.codes.join('\n')}\n`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopyState('copied');
    } catch {
      setCopyState('failed');
    }
  };
  const download = () => {
    saveBlob(new Blob([text], { type: 'text/plain;charset=utf-8' }), 'sealpost-recovery-codes.txt');
  };
  return (
    <section className="card" aria-labelledby="codes-title">
      <h2 id="codes-title" ref={heading} tabIndex={-1}>{t('account.codes.title')}</h2>
      <p>{t('account.codes.intro')}</p>
      <ol className="recovery-codes" aria-label={t('account.codes.list')}>
        {props.codes.map((code) => <li key={code}><code>{code}</code></li>)}
      </ol>
      <div className="actions">
        <button type="button" className="button-secondary" onClick={() => void copy()}>{t('account.codes.copy')}</button>
        <button type="button" className="button-secondary" onClick={download}>{t('account.codes.download')}</button>
      </div>
      <p role="status" className="hint">{copyState === 'copied' ? t('account.codes.copied') : copyState === 'failed' ? t('account.codes.copyFailed') : ''}</p>
      <label className="checkbox">
        <input type="checkbox" checked={stored} onChange={(e) => setStored(e.target.checked)} />
        {t('account.codes.stored')}
      </label>
      <div className="actions">
        <button type="button" className="button-primary" disabled={!stored} onClick={props.onContinue}>{props.continueLabel ?? t('account.codes.continue')}</button>
      </div>
    </section>
  );
}
