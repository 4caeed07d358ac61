// One recipient's state in words: opened (when), notified, withdrawn, expired, locked; and a failed notification.
import type { ReactNode } from 'react';
import type { TransferView } from '../../../src/client/api-contract.ts';
import { useI18n, type MessageKey } from '../i18n/index.ts';
import { notificationFailureText } from './notification-failure.ts';

type RecipientView = TransferView['recipients'][number];

const stateKey: Record<RecipientView['state'], MessageKey> = {
  pending: 'state.pending',
  notified: 'state.notified',
  opened: 'state.opened',
  withdrawn: 'state.withdrawn',
  expired: 'state.expired',
  locked: 'state.locked',
};

export function RecipientState(props: { recipient: RecipientView }): ReactNode {
  const { t, formatDate } = useI18n();
  const r = props.recipient;
  const failed = notificationFailureText(r, t);
  return (
    <span className={`state state-${r.state}`}>
      {t(stateKey[r.state])}
      {r.state === 'opened' && r.firstOpenedAt && <> · {formatDate(r.firstOpenedAt)}</>}
      {r.state === 'notified' && r.notifiedAt && <> · {formatDate(r.notifiedAt)}</>}
      {r.state === 'withdrawn' && r.recalledAt && <> · {formatDate(r.recalledAt)}</>}
      {failed !== null && <> · <span className="state-notify-failed">{failed}</span></>}
    </span>
  );
}
