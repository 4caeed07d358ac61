// A recipient whose notification mail the server gave up on was never told about the message: the sender must
// see that, and why, to reach them another way. Null when there is nothing to report.
import type { TransferView } from '../../../src/client/api-contract.ts';
import type { MessageKey, Translate } from '../i18n/index.ts';

type RecipientView = TransferView['recipients'][number];

const failureKey: Record<'invalid' | 'address' | 'rejected', MessageKey> = {
  invalid: 'state.failure.invalid',
  address: 'state.failure.address',
  rejected: 'state.failure.rejected',
};

export function notificationFailureText(recipient: Pick<RecipientView, 'notification'>, t: Translate): string | null {
  const n = recipient.notification;
  return n?.status === 'failed' ? t('state.notNotified', { reason: t(failureKey[n.reason]) }) : null;
}
