// Visible progress while the personal key is wrapped (each Argon2id run takes 64 MiB and about a second or more).
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';

export function KeyProgress(props: { done: number; total: number }): ReactNode {
  const { t } = useI18n();
  const text = t('account.key.progress', { done: props.done, total: props.total });
  return (
    <div className="key-progress">
      <progress max={Math.max(1, props.total)} value={props.done} aria-label={t('account.key.progressLabel')} aria-valuetext={text} />
      <p role="status" aria-live="polite">{text}</p>
    </div>
  );
}
