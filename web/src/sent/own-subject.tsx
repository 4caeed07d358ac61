// The subject line of a sent message as the sender sees it: the decrypted subject, or why it cannot be shown.
// Tampering is said as such (and styled as an error), never folded into "not available".
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import { WarningIcon } from '../shell/icons.tsx';
import type { OwnContent } from './open-transfer.ts';

export function OwnSubject(props: { content: OwnContent | undefined }): ReactNode {
  const { t } = useI18n();
  const content = props.content;
  if (content === undefined) return t('common.loading');
  if (content.state === 'tampered') return <span className="tampered"><WarningIcon className="tampered-icon" /> {t('sent.tampered')}</span>;
  if (content.state === 'unavailable') return t('sent.unreadable');
  return content.message.subject || t('sent.noSubject');
}
