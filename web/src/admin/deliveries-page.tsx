// Mail of the organisation that did not go out (given up, or waiting for its next try), with "retry now".
import { useState, type ReactNode } from 'react';
import { useI18n, type MessageKey } from '../i18n/index.ts';
import { adminErrorText } from './admin-errors.ts';
import { staffRequest } from '../account/staff-api.ts';
import { useLoad } from './use-load.ts';

interface Delivery { id: string; topic: string | null; recipient: string; transferId: string | null; status: string; attempts: number; nextAttemptAt: string | null; lastError: string | null; createdAt: string }

const topicKey: Record<string, MessageKey> = {
  'transfer.notification': 'admin.deliveries.topic.notification',
  'recipient.code': 'admin.deliveries.topic.code',
  'account.invitation': 'admin.deliveries.topic.invitation',
};

/** The SMTP reply code in a stored error (e.g. "550"), the most useful part for an admin. */
function errorCodeOf(error: string | null): string | null {
  return /\b([45]\d\d)\b/.exec(error ?? '')?.[1] ?? null;
}

export function DeliveriesPage(): ReactNode {
  const { t, formatDate } = useI18n();
  const list = useLoad(() => staffRequest<{ items: Delivery[] }>('GET', '/api/org/deliveries'), []);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const retry = (d: Delivery) => {
    setError(null);
    setMessage(null);
    staffRequest('POST', `/api/org/deliveries/${d.id}/retry`).then(() => {
      setMessage(t('admin.deliveries.retried', { recipient: d.recipient }));
      list.reload();
    }, setError);
  };
  return (
    <section aria-labelledby="deliveries-title">
      <h1 id="deliveries-title">{t('admin.deliveries.title')}</h1>
      <p className="hint">{t('admin.deliveries.intro')}</p>
      {message && <p className="alert alert-success" role="status">{message}</p>}
      {(error ?? list.error) !== null && <p className="alert alert-error" role="alert">{adminErrorText(error ?? list.error, t)}</p>}
      <div className="card">
        {!list.data ? <p className="loading" role="status">{t('common.loading')}</p> : list.data.items.length === 0 ? <p>{t('admin.deliveries.none')}</p> : (
          <div className="table-wrap">
            <table className="recipient-table admin-table">
              <thead>
                <tr>
                  <th scope="col">{t('admin.deliveries.recipient')}</th><th scope="col">{t('admin.deliveries.what')}</th><th scope="col">{t('admin.deliveries.error')}</th>
                  <th scope="col">{t('admin.deliveries.attempts')}</th><th scope="col">{t('admin.deliveries.next')}</th><th scope="col">{t('admin.common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((d) => {
                  const code = errorCodeOf(d.lastError);
                  return (
                    <tr key={d.id} data-delivery={d.recipient}>
                      <td><span className="cell-label">{t('admin.deliveries.recipient')}: </span><span className="recipient-email">{d.recipient}</span></td>
                      <td>
                        <span className="cell-label">{t('admin.deliveries.what')}: </span>{t(topicKey[d.topic ?? ''] ?? 'admin.deliveries.topic.other')}
                        {d.transferId && <span className="hint"> ({t('admin.deliveries.transfer', { id: d.transferId })})</span>}
                      </td>
                      <td><span className="cell-label">{t('admin.deliveries.error')}: </span>{code ? <strong>{code} </strong> : null}<span className="hint">{d.lastError ?? '–'}</span></td>
                      <td><span className="cell-label">{t('admin.deliveries.attempts')}: </span>{d.attempts}</td>
                      <td><span className="cell-label">{t('admin.deliveries.next')}: </span>{d.status === 'failed' ? t('admin.deliveries.gaveUp') : d.nextAttemptAt ? formatDate(d.nextAttemptAt) : '–'}</td>
                      <td><button type="button" className="button-secondary" onClick={() => retry(d)} aria-label={t('admin.deliveries.retryOf', { recipient: d.recipient })}>{t('admin.deliveries.retry')}</button></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}
