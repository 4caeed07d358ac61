// The pages a visit can end on: withdrawn, expired, locked (with the unlock time), not found, altered, incomplete link.
import type { ReactNode } from 'react';
import { useRecipientI18n } from './use-recipient-i18n.ts';
import type { EndState } from './error-text.ts';
import { useHeadingFocus } from './use-heading-focus.ts';

export type EndPageState = EndState | { kind: 'noSecret' } | { kind: 'failed'; text: string };

export function EndPage(props: { state: EndPageState; sender?: string | undefined; expiresAt?: string | undefined; onRetry?: () => void }): ReactNode {
  const { t, formatDate } = useRecipientI18n();
  const heading = useHeadingFocus<HTMLHeadingElement>();
  const { state, sender } = props;
  let title: string;
  let text: string;
  let tone = 'rp-end-info';
  switch (state.kind) {
    case 'withdrawn':
      title = t('recipient.withdrawn.title');
      text = sender ? t('recipient.withdrawn.text', { sender }) : t('recipient.withdrawn.textNoSender');
      break;
    case 'expired':
      title = t('recipient.expired.title');
      text = sender && props.expiresAt ? t('recipient.expired.text', { sender, date: formatDate(props.expiresAt) }) : t('recipient.expired.textNoSender');
      break;
    case 'locked':
      title = t('recipient.locked.title');
      text = state.lockedUntil ? t('recipient.locked.text', { date: formatDate(state.lockedUntil) }) : t('recipient.locked.textNoDate');
      tone = 'rp-end-warn';
      break;
    case 'notFound':
      title = t('recipient.notFound.title');
      text = t('recipient.notFound.text');
      break;
    case 'altered':
      title = t('recipient.altered.title');
      text = t('recipient.altered.text');
      tone = 'rp-end-warn';
      break;
    case 'noSecret':
      title = t('recipient.noSecret.title');
      text = t('recipient.noSecret.text');
      break;
    case 'failed':
      title = t('recipient.failed.title');
      text = state.text;
      tone = 'rp-end-warn';
      break;
  }
  return (
    <section className={`rp-card rp-end ${tone}`} aria-labelledby="rp-end-title" data-state={state.kind}>
      <h1 id="rp-end-title" ref={heading} tabIndex={-1}>{title}</h1>
      <p>{text}</p>
      {props.onRetry && (state.kind === 'locked' || state.kind === 'failed') && (
        <p>
          <button type="button" className="rp-button rp-button-secondary" onClick={props.onRetry}>
            {state.kind === 'locked' ? t('recipient.locked.retry') : t('recipient.failed.retry')}
          </button>
        </p>
      )}
    </section>
  );
}
