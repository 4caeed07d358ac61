// Visible progress while the account key is wrapped or unlocked (one Argon2id run of 64 MiB: a second or more on a
// phone). One run cannot report a fraction, so the bar is indeterminate until it is done; the sentence is announced.
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';

export function KeyBusy(props: { text: string; done?: boolean }): ReactNode {
  const { t } = useI18n();
  return (
    <div className="inbox-progress">
      {props.done ? <progress max={1} value={1} aria-label={t('account.key.progressLabel')} /> : <progress aria-label={t('account.key.progressLabel')} />}
      <p role="status" aria-live="polite">{props.text}</p>
    </div>
  );
}
