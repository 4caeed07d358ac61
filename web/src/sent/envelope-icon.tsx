// The read-status envelope of the sent items, labelled in the web app's words (the drawing: shell/read-envelope.tsx).
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import { ReadEnvelope, type ReadStatus } from '../shell/read-envelope.tsx';

export function EnvelopeIcon(props: { status: ReadStatus }): ReactNode {
  const { t } = useI18n();
  const { state, opened, total } = props.status;
  const label = state === 'none' ? t('sent.readNone', { total }) : state === 'all' ? t('sent.readAll', { total }) : t('sent.readSome', { opened, total });
  return <ReadEnvelope status={props.status} label={label} />;
}
