// Progress of one download or upload: a labelled progress bar, bytes done of total, speed and time left.
import type { ReactNode } from 'react';
import { useRecipientI18n } from './use-recipient-i18n.ts';
import type { ProgressSnapshot } from './progress.ts';

export function TransferStatus(props: { label: string; progress: ProgressSnapshot }): ReactNode {
  const { t, formatSize, formatDuration } = useRecipientI18n();
  const { done, total, speed, secondsLeft } = props.progress;
  const parts = [t('recipient.download.status', { done: formatSize(done), total: formatSize(total) })];
  if (speed > 0) parts.push(t('recipient.download.speed', { speed: formatSize(speed) }));
  if (secondsLeft !== undefined && speed > 0) parts.push(t('recipient.download.left', { time: formatDuration(secondsLeft) }));
  return (
    <div className="rp-progress">
      <p className="rp-progress-label">{props.label}</p>
      <progress max={Math.max(1, total)} value={Math.min(done, total)} aria-label={props.label} />
      <p className="rp-progress-figures" data-testid="progress-figures">{parts.join(' · ')}</p>
    </div>
  );
}
