// Replies in the thread: decrypted with the sender's personal key (each reply's key is wrapped to it); their files
// download and decrypt here.
import { useEffect, useState, type ReactNode } from 'react';
import type { TransferView } from '../../../src/client/api-contract.ts';
import { errorText } from '../api/error-text.ts';
import { useI18n } from '../i18n/index.ts';
import { displayName } from '../sender/display-name.ts';
import { answerSubject, startAnswer } from '../sender/answer.ts';
import { useSenderAccess } from '../sender/sender-access.ts';
import { navigate } from '../shell/router.ts';
import { downloadOwnFile, openOwnMessage, type OpenedFile, type OpenedMessage, type OwnContent } from './open-transfer.ts';

type Reply = TransferView['replies'][number];

export function FileDownloads(props: { transferId: string; message: OpenedMessage }): ReactNode {
  const { t, formatSize } = useI18n();
  const { api, token } = useSenderAccess();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const download = async (file: OpenedFile) => {
    setBusy(file.blobId);
    setError(null);
    try {
      await downloadOwnFile({ api, token, transferId: props.transferId, identity: props.message.identity, file });
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(null);
    }
  };
  if (props.message.files.length === 0) return null;
  return (
    <>
      <ul className="file-list">
        {props.message.files.map((f) => (
          <li key={f.blobId}>
            <span className="file-name">{displayName(f.name)}</span>
            <span className="file-size">{formatSize(f.size)}</span>
            <button type="button" className="button-secondary" disabled={busy !== null} onClick={() => void download(f)} aria-label={t('sent.downloadFile', { name: displayName(f.name) })}>
              {busy === f.blobId ? t('sent.downloading') : t('sent.download')}
            </button>
          </li>
        ))}
      </ul>
      {error && <p className="alert alert-error" role="alert">{error}</p>}
    </>
  );
}

/** Opens compose to the replier, with "Re: subject" and the conversation to continue (the server checks it is ours). */
function AnswerButton(props: { transferId: string; to: string; subject: string | undefined }): ReactNode {
  const { t } = useI18n();
  const answer = () => {
    const subject = props.subject ? answerSubject(props.subject, (s) => t('controls.answer.subject', { subject: s })) : '';
    startAnswer({ threadOf: props.transferId, to: props.to, subject });
    navigate('/send');
  };
  return (
    <button type="button" className="button-secondary" onClick={answer} aria-label={t('controls.answer.label', { email: props.to })}>
      {t('controls.answer')}
    </button>
  );
}

function ReplyItem(props: { reply: Reply; from: string; answer?: ReactNode }): ReactNode {
  const { t, formatDate } = useI18n();
  const { personalKey } = useSenderAccess();
  const [content, setContent] = useState<OwnContent | undefined>(undefined);
  useEffect(() => {
    openOwnMessage(props.reply, personalKey).then(setContent, () => setContent({ state: 'unavailable' }));
  }, [props.reply, personalKey]);
  const message = content?.state === 'open' ? content.message : undefined;
  return (
    <li className="reply">
      <p className="reply-head"><strong>{t('sent.replyFrom', { email: props.from })}</strong> · {formatDate(props.reply.sentAt ?? props.reply.createdAt)}</p>
      {content === undefined && <p role="status">{t('common.loading')}</p>}
      {content?.state === 'unavailable' && <p className="hint">{t('sent.replyUnreadable')}</p>}
      {content?.state === 'tampered' && <p className="alert alert-error" role="alert">{t('sent.replyTampered')}</p>}
      {message && (
        <>
          {message.subject && <p className="reply-subject">{message.subject}</p>}
          <p className="message-text">{message.text}</p>
          <FileDownloads transferId={props.reply.id} message={message} />
        </>
      )}
      {props.answer && <div className="actions">{props.answer}</div>}
    </li>
  );
}

/** `subject`: the sent message's own subject, decrypted on this page (undefined while it cannot be read). */
export function ReplyThread(props: { transfer: TransferView; subject?: string | undefined }): ReactNode {
  const { t } = useI18n();
  const replies = props.transfer.replies.filter((r) => r.status !== 'draft');
  return (
    <section aria-labelledby="replies-title" className="replies">
      <h2 id="replies-title">{t('sent.repliesTitle')}</h2>
      {replies.length === 0 ? <p className="hint">{t('sent.noReplies')}</p> : (
        <ul className="reply-list">
          {replies.map((r) => {
            const from = props.transfer.recipients.find((x) => x.id === r.fromRecipientId)?.email;
            const answer = from && <AnswerButton transferId={props.transfer.id} to={from} subject={props.subject} />;
            return <ReplyItem key={r.id} reply={r} from={from ?? t('sent.unknownRecipient')} answer={answer} />;
          })}
        </ul>
      )}
    </section>
  );
}
