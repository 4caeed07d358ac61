// Sent items: every message with its read-status envelope, subject (decrypted here), recipients and state.
import { useEffect, useState, type ReactNode } from 'react';
import type { TransferView } from '../../../src/client/api-contract.ts';
import { errorText } from '../api/error-text.ts';
import { useI18n, type MessageKey } from '../i18n/index.ts';
import { useSenderAccess, type SenderAccess } from '../sender/sender-access.ts';
import { Link } from '../shell/router.ts';
import { EnvelopeIcon } from './envelope-icon.tsx';
import { openOwnMessage, type OwnContent } from './open-transfer.ts';
import { OwnSubject } from './own-subject.tsx';
import { RecipientState } from './recipient-state.tsx';

export const statusKey: Record<TransferView['status'], MessageKey> = {
  draft: 'status.draft', sent: 'status.sent', recalled: 'status.recalled', expired: 'status.expired',
};

function useContents(items: TransferView[], personalKey: SenderAccess['personalKey']): Record<string, OwnContent> {
  const [contents, setContents] = useState<Record<string, OwnContent>>({});
  useEffect(() => {
    let live = true;
    void (async () => {
      for (const item of items) {
        const opened = await openOwnMessage(item, personalKey).catch((): OwnContent => ({ state: 'unavailable' }));
        if (!live) return;
        setContents((prev) => ({ ...prev, [item.id]: opened }));
      }
    })();
    return () => {
      live = false;
    };
  }, [items, personalKey]);
  return contents;
}

export function SentListPage(): ReactNode {
  const { t, formatDate } = useI18n();
  const { api, token, personalKey } = useSenderAccess();
  const [items, setItems] = useState<TransferView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.request<{ items: TransferView[] }>('GET', '/api/transfers', { token }).then((r) => setItems(r.items), setError);
  }, [api, token]);
  const contents = useContents(items ?? [], personalKey);
  return (
    <section className="card" aria-labelledby="sent-title">
      <h1 id="sent-title">{t('sent.title')}</h1>
      {error !== null && <p className="alert alert-error" role="alert">{errorText(error, t)}</p>}
      {items === null && error === null && <p role="status">{t('common.loading')}</p>}
      {items?.length === 0 && <p>{t('sent.empty')} <Link to="/send">{t('nav.send')}</Link></p>}
      {items && items.length > 0 && (
        <ul className="sent-list">
          {items.map((item) => {
            return (
              <li key={item.id} className={`sent-item status-${item.status}`}>
                <EnvelopeIcon status={item.readStatus} />
                <div className="sent-main">
                  <Link to={`/sent/${item.id}`} className="sent-subject">
                    <OwnSubject content={contents[item.id]} />
                  </Link>
                  <p className="hint">
                    {formatDate(item.sentAt ?? item.createdAt)} · {t(statusKey[item.status])}
                    {item.replies.length > 0 && <> · {t('sent.replies', { count: item.replies.length })}</>}
                  </p>
                  <details className="sent-recipients">
                    <summary>{t('sent.recipientsSummary', { count: item.recipients.length, first: item.recipients[0]?.email ?? '' })}</summary>
                    <ul>
                      {item.recipients.map((r) => (
                        <li key={r.id}><span className="recipient-email">{r.email}</span> — <RecipientState recipient={r} /></li>
                      ))}
                    </ul>
                  </details>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
