// The read-status envelope: closed grey = nobody opened it yet, open grey = some recipients, open blue = all.
import type { ReactNode } from 'react';
import type { TransferView } from '../../../src/client/api-contract.ts';
import { useI18n } from '../i18n/index.ts';
import { EnvelopeClosedIcon, EnvelopeOpenIcon } from '../shell/icons.tsx';

export function EnvelopeIcon(props: { status: TransferView['readStatus'] }): ReactNode {
  const { t } = useI18n();
  const { state, opened, total } = props.status;
  const label = state === 'none' ? t('sent.readNone', { total }) : state === 'all' ? t('sent.readAll', { total }) : t('sent.readSome', { opened, total });
  return (
    <span className={`envelope envelope-${state}`} role="img" aria-label={label} title={label}>
      {state === 'none' ? <EnvelopeClosedIcon size={1.5} /> : <EnvelopeOpenIcon size={1.5} />}
      <span className="envelope-count" aria-hidden="true">{opened}/{total}</span>
    </span>
  );
}
