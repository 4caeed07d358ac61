// The last look before sending: who gets it and how they verify, what is attached, when it expires.
import type { ReactNode } from 'react';
import { languageNames, useI18n, type MessageKey } from '../i18n/index.ts';
import type { ComposeDraft, Method } from './send-engine.ts';
import { displayName } from './display-name.ts';

const methodKey: Record<Method, MessageKey> = { account: 'method.account', sms: 'method.sms', code: 'method.code', email: 'method.email', none: 'method.none' };

export function SendSummary(props: { draft: ComposeDraft; busy: boolean; onBack: () => void; onSend: () => void }): ReactNode {
  const { t, formatSize, formatDate } = useI18n();
  const d = props.draft;
  const expiry = new Date(Date.now() + d.expiresInDays * 86_400_000);
  return (
    <section className="card" aria-labelledby="summary-title">
      <h1 id="summary-title">{t('summary.title')}</h1>
      <h2 className="h3">{t('summary.recipients')}</h2>
      <ul className="summary-list">
        {d.recipients.map((r) => (
          <li key={r.email}>
            <strong>{r.email}</strong> — {t(methodKey[r.method])} · {languageNames[r.lang]}
            {r.method === 'code' && <span className="hint"> · {t('summary.codeReminder')}</span>}
          </li>
        ))}
      </ul>
      <dl className="summary-facts">
        <dt>{t('compose.subject')}</dt>
        <dd>{d.subject}</dd>
        <dt>{t('summary.files')}</dt>
        <dd>
          {d.files.length === 0 ? t('summary.noFiles') : (
            <ul>{d.files.map((f) => <li key={`${f.name}-${f.size}-${f.lastModified}`}>{displayName(f.name)} ({formatSize(f.size)})</li>)}</ul>
          )}
        </dd>
        <dt>{t('summary.expires')}</dt>
        <dd>{formatDate(expiry, false)}</dd>
        <dt>{t('compose.notifyMe')}</dt>
        <dd>{d.notifyOnOpen ? t('common.yes') : t('common.no')}</dd>
        <dt>{t('compose.hideFileNames')}</dt>
        <dd>{d.hideFileNames ? t('common.yes') : t('common.no')}</dd>
      </dl>
      <div className="actions">
        <button type="button" className="button-primary" onClick={props.onSend} disabled={props.busy}>{t('summary.send')}</button>
        <button type="button" className="button-secondary" onClick={props.onBack} disabled={props.busy}>{t('summary.back')}</button>
      </div>
    </section>
  );
}
