// One sent message: content (decrypted here), per-recipient state and downloads, recall for all or one
// recipient (with confirmation), and the replies in the thread.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { TransferView } from '../../../src/client/api-contract.ts';
import { errorText } from '../api/error-text.ts';
import { useI18n, type MessageKey } from '../i18n/index.ts';
import { useSenderAccess } from '../sender/sender-access.ts';
import { Link } from '../shell/router.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { Conversation } from './conversation.tsx';
import { EnvelopeIcon } from './envelope-icon.tsx';
import { ExpiryControl } from './expiry-control.tsx';
import { ResendDialog } from './resend-dialog.tsx';
import { openOwnMessage, type OwnContent } from './open-transfer.ts';
import { OwnSubject } from './own-subject.tsx';
import { RecipientState } from './recipient-state.tsx';
import { FileDownloads, ReplyThread } from './reply-thread.tsx';
import { statusKey } from './sent-list-page.tsx';
import { KeyLostResend } from './key-lost.tsx';

const methodKey: Record<TransferView['recipients'][number]['method'], MessageKey> = {
  account: 'method.account', sms: 'method.sms', code: 'method.code', email: 'method.email', none: 'method.none',
};

type Recipient = TransferView['recipients'][number];
type RecallTarget = { recipientId?: string; email?: string };

/** The message with its decrypted content, and the changes the sender makes to it (unlock, recall). */
function useSentItem(id: string) {
  const { t } = useI18n();
  const { api, token, personalKey } = useSenderAccess();
  const [transfer, setTransfer] = useState<TransferView | null>(null);
  const [content, setContent] = useState<OwnContent | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<RecallTarget | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [resendTo, setResendTo] = useState<Recipient | null>(null);

  const load = useCallback(() => {
    api.request<TransferView>('GET', `/api/transfers/${id}`, { token }).then((view) => {
      setTransfer(view);
      openOwnMessage(view, personalKey).then(setContent, () => setContent({ state: 'unavailable' }));
    }, (e: unknown) => setError(errorText(e, t)));
  }, [id, api, token, personalKey, t]);
  useEffect(load, [load]);

  const unlock = async (r: { id: string; email: string }) => {
    setNotice(null);
    try {
      setTransfer(await api.request<TransferView>('POST', `/api/transfers/${id}/recipients/${r.id}/unlock`, { token }));
      setNotice(t('controls.unlock.done', { email: r.email }));
    } catch (e) {
      setError(errorText(e, t));
    }
  };

  const recall = async () => {
    const target = confirm;
    setConfirm(null);
    if (!target) return;
    try {
      const view = await api.request<TransferView>('POST', `/api/transfers/${id}/recall`, { token, body: target.recipientId ? { recipientId: target.recipientId } : {} });
      setTransfer(view);
      setNotice(target.email ? t('recall.doneOne', { email: target.email }) : t('recall.doneAll'));
    } catch (e) {
      setError(errorText(e, t));
    }
  };

  /** A change made in a dialog or control: shows the new state and says what happened. */
  const changed = (view: TransferView, text: string) => {
    setTransfer(view);
    setError(null);
    setNotice(text);
  };

  return { transfer, content, error, notice, confirm, setConfirm, resendTo, setResendTo, unlock, recall, changed };
}

export function SentItemPage(props: { id: string; allowedMethods: readonly Recipient['method'][] }): ReactNode {
  const { t } = useI18n();
  const item = useSentItem(props.id);
  const { transfer, content, error, notice, confirm, setConfirm, resendTo, setResendTo, changed } = item;

  if (error && !transfer) return <section className="card"><p className="alert alert-error" role="alert">{error}</p><Link to="/sent">{t('sent.back')}</Link></section>;
  if (!transfer) return <p role="status">{t('common.loading')}</p>;
  const canRecall = transfer.status === 'sent';
  // A new link is made from the message key: only where this browser's personal key opened the message.
  const identity = content?.state === 'open' ? content.message.identity : undefined;
  return (
    <article className="card sent-detail" aria-labelledby="detail-title">
      <SentItemHead transfer={transfer} content={content} />
      {notice && <p className="alert alert-success" role="status">{notice}</p>}
      {error && <p className="alert alert-error" role="alert">{error}</p>}
      <SentContent transfer={transfer} content={content} />
      <h2>{t('sent.recipientsTitle')}</h2>
      <RecipientTable
        transfer={transfer} canRecall={canRecall} canResend={Boolean(identity)}
        onResend={setResendTo} onUnlock={(r) => void item.unlock(r)} onRecall={(r) => setConfirm({ recipientId: r.id, email: r.email })}
      />
      {canRecall && transfer.recipients.filter((r) => r.keyLostAt && r.state !== 'withdrawn' && r.state !== 'expired').map((r) => (
        <KeyLostResend key={r.id} transfer={transfer} recipient={r} identity={identity} onDone={changed} />
      ))}
      {canRecall && content && content.state !== 'open' && <p className="hint">{t('controls.resend.needsKey')}</p>}
      {canRecall && <ExpiryControl key={transfer.expiresAt} transfer={transfer} onChanged={changed} />}
      {canRecall && (
        <div className="actions">
          <button type="button" className="button-danger" onClick={() => setConfirm({})}>{t('recall.all')}</button>
        </div>
      )}
      <Conversation transfer={transfer} />
      <ReplyThread transfer={transfer} subject={content?.state === 'open' ? content.message.subject : undefined} />
      {resendTo && identity && (
        <ResendDialog
          transfer={transfer}
          recipient={resendTo}
          identity={identity}
          allowedMethods={props.allowedMethods}
          onDone={(view, text) => {
            setResendTo(null);
            changed(view, text);
          }}
          onCancel={() => setResendTo(null)}
        />
      )}
      {confirm && <RecallDialog target={confirm} onConfirm={() => void item.recall()} onCancel={() => setConfirm(null)} />}
    </article>
  );
}

function SentItemHead({ transfer, content }: { transfer: TransferView; content: OwnContent | undefined }): ReactNode {
  const { t, formatDate } = useI18n();
  return (
    <>
      <p><Link to="/sent">{t('sent.back')}</Link></p>
      <div className="detail-head">
        <EnvelopeIcon status={transfer.readStatus} />
        <h1 id="detail-title"><OwnSubject content={content} /></h1>
      </div>
      <p className="hint">
        {t(statusKey[transfer.status])} · {t('sent.sentAt', { date: formatDate(transfer.sentAt ?? transfer.createdAt) })} · {t('sent.expiresAt', { date: formatDate(transfer.expiresAt) })}
      </p>
    </>
  );
}

/** The decrypted text and files, or the warning that the content was tampered with. */
function SentContent({ transfer, content }: { transfer: TransferView; content: OwnContent | undefined }): ReactNode {
  const { t } = useI18n();
  if (content?.state === 'tampered') return <p className="alert alert-error" role="alert" data-testid="tampered">{t('sent.tamperedText')}</p>;
  if (content?.state !== 'open') return null;
  return (
    <>
      <p className="message-text">{content.message.text}</p>
      <FileDownloads transferId={transfer.id} message={content.message} />
    </>
  );
}

type RecipientActions = {
  canRecall: boolean;
  canResend: boolean;
  onResend: (r: Recipient) => void;
  onUnlock: (r: Recipient) => void;
  onRecall: (r: Recipient) => void;
};

function RecipientTable({ transfer, ...actions }: RecipientActions & { transfer: TransferView }): ReactNode {
  const { t } = useI18n();
  return (
    <div className="table-wrap">
      <table className="recipient-table">
        <thead>
          <tr><th scope="col">{t('sent.colRecipient')}</th><th scope="col">{t('sent.colMethod')}</th><th scope="col">{t('sent.colState')}</th><th scope="col">{t('sent.colDownloads')}</th><th scope="col"><span className="visually-hidden">{t('sent.colActions')}</span></th></tr>
        </thead>
        <tbody>
          {transfer.recipients.map((r) => (
            <tr key={r.id}>
              <td className="recipient-email">{r.email}</td>
              <td>{t(methodKey[r.method])}{r.maskedPhone ? ` (${r.maskedPhone})` : ''}</td>
              <td><RecipientState recipient={r} /></td>
              <td><span className="cell-label">{t('sent.colDownloads')}: </span>{r.downloads.length}</td>
              <td><RecipientButtons recipient={r} {...actions} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Resend, unlock and recall for one recipient, each only where it applies. */
function RecipientButtons({ recipient: r, canRecall, canResend, onResend, onUnlock, onRecall }: RecipientActions & { recipient: Recipient }): ReactNode {
  const { t } = useI18n();
  const open = r.state !== 'withdrawn' && r.state !== 'expired';
  return (
    <>
      {canRecall && canResend && open && (
        <button type="button" className="button-link" onClick={() => onResend(r)}>
          {t('controls.resend')}<span className="visually-hidden"> {r.email}</span>
        </button>
      )}
      {canRecall && r.state === 'locked' && (
        <button type="button" className="button-link" onClick={() => onUnlock(r)}>
          {t('controls.unlock')}<span className="visually-hidden"> {r.email}</span>
        </button>
      )}
      {canRecall && open && (
        <button type="button" className="button-link danger" onClick={() => onRecall(r)}>
          {t('recall.one')}<span className="visually-hidden"> {r.email}</span>
        </button>
      )}
    </>
  );
}

function RecallDialog({ target, onConfirm, onCancel }: { target: RecallTarget; onConfirm: () => void; onCancel: () => void }): ReactNode {
  const { t } = useI18n();
  return (
    <ConfirmDialog
      title={target.email ? t('recall.confirmOneTitle', { email: target.email }) : t('recall.confirmAllTitle')}
      text={t('recall.confirmText')}
      confirmLabel={target.email ? t('recall.one') : t('recall.all')}
      onConfirm={onConfirm}
      onCancel={onCancel}
    />
  );
}
