// The read-status envelope: closed grey = nobody opened it yet, open grey = some recipients, open blue = all.
import type { ReactNode } from 'react';
import type { TransferView } from '../../../src/client/api-contract.ts';
import { useI18n } from '../i18n/index.ts';

export function EnvelopeIcon(props: { status: TransferView['readStatus'] }): ReactNode {
  const { t } = useI18n();
  const { state, opened, total } = props.status;
  const label = state === 'none' ? t('sent.readNone', { total }) : state === 'all' ? t('sent.readAll', { total }) : t('sent.readSome', { opened, total });
  return (
    <span className={`envelope envelope-${state}`} role="img" aria-label={label} title={label}>
      <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
        {state === 'none' ? (
          <>
            <rect x="2.5" y="5.5" width="19" height="13" rx="1.5" className="envelope-body" />
            <path d="M3 6.5 12 13l9-6.5" className="envelope-line" />
          </>
        ) : (
          <>
            <path d="M2.5 10.5 12 4l9.5 6.5v8a1.5 1.5 0 0 1-1.5 1.5H4a1.5 1.5 0 0 1-1.5-1.5z" className="envelope-body" />
            <path d="M3 11l9 6 9-6" className="envelope-line" />
          </>
        )}
      </svg>
      <span className="envelope-count" aria-hidden="true">{opened}/{total}</span>
    </span>
  );
}
