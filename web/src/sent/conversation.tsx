// "Part of a conversation" (docs/recipient-inbox.md): the sender's own messages of one thread, oldest first, each a
// link to its sent item; the first is marked as such, so a follow-up links back to where the conversation began.
import type { ReactNode } from 'react';
import type { TransferView } from '../../../src/client/api-contract.ts';
import { useI18n } from '../i18n/index.ts';
import { Link } from '../shell/router.ts';
import { statusKey } from './sent-list-page.tsx';

export function Conversation(props: { transfer: TransferView }): ReactNode {
  const { t, formatDate } = useI18n();
  const { thread, id } = props.transfer;
  if (thread.length < 2) return null;
  return (
    <section aria-labelledby="thread-title" className="thread" data-testid="thread">
      <h2 id="thread-title">{t('controls.thread.title')}</h2>
      <ol className="thread-list" aria-label={t('controls.thread.label')}>
        {thread.map((entry, i) => {
          const label = t('controls.thread.entry', { date: formatDate(entry.sentAt ?? props.transfer.createdAt), recipients: entry.recipients.join(', ') });
          return (
            <li key={entry.id}>
              {i === 0 && <strong>{t('controls.thread.first')}: </strong>}
              {entry.id === id
                ? <span aria-current="page">{label} ({t('controls.thread.current')})</span>
                : <Link to={`/sent/${entry.id}`}>{label}</Link>}
              {' '}· {t(statusKey[entry.status])}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
