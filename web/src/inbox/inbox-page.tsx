// /inbox: every unexpired message to the address, newest first, from any sender, a conversation's messages together. Messages sent to the account open
// here with no code; messages sent with another method open through the link in their e-mail; messages wrapped to
// a key a reset replaced cannot be opened (their senders were told and can send them again).
import { useEffect, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import { Link } from '../shell/router.ts';
import { inboxErrorText } from './error-text.ts';
import { inboxApi, type InboxItem } from './inbox-api.ts';
import { endIfSessionGone, type InboxSession } from './inbox-session.ts';
import { KeyLogWarning } from './key-log-warning.tsx';
import { markSecondFactor, TotpSetup } from './totp-offer.tsx';
import { PasskeyPanel } from './passkey-panel.tsx';
import { PdfPasswordCard } from './pdf-password-card.tsx';
import { useHeadingFocus } from '../recipient/use-heading-focus.ts';
import { groupThreads, type InboxThread } from './threads.ts';

function OpensWith(props: { item: InboxItem }): ReactNode {
  const { t } = useI18n();
  const { item } = props;
  if (item.opensWith === 'account') {
    return <Link to={`/inbox/m/${item.recipientId}`} className="button-secondary">{t('inbox.list.open', { sender: item.senderEmail })}</Link>;
  }
  if (item.opensWith === 'lost') return <span className="state-withdrawn">{t('inbox.list.lost')}</span>;
  return <span className="hint">{t('inbox.list.link')}</span>;
}

function ItemRow(props: { item: InboxItem }): ReactNode {
  const { t, formatDate } = useI18n();
  const { item } = props;
  return (
    <li className="sent-item inbox-item" data-testid="inbox-item" data-opens-with={item.opensWith}>
      <div className="sent-main">
        <p className="sent-subject">{t('inbox.list.from', { sender: item.senderEmail })}</p>
        <p className="hint">
          {t('inbox.list.sent', { date: formatDate(item.sentAt) })} · {t('inbox.list.expires', { date: formatDate(item.expiresAt) })}
          {item.state === 'locked' && <> · <span className="state-locked">{t('inbox.list.locked')}</span></>}
        </p>
      </div>
      <OpensWith item={item} />
    </li>
  );
}

/** Several messages of one conversation: one list entry, labelled with the sender and the count, holding its messages. */
function ThreadRow(props: { thread: InboxThread }): ReactNode {
  const { t } = useI18n();
  const { items } = props.thread;
  const first = items[0];
  if (!first) return null;
  if (items.length === 1) return <ItemRow item={first} />;
  return (
    <li className="inbox-thread" data-testid="inbox-thread">
      <p className="sent-subject">
        {t('inbox.list.from', { sender: first.senderEmail })} · <span className="hint">{t('inbox.thread.count', { count: items.length })}</span>
      </p>
      <ul className="sent-list" aria-label={t('inbox.thread.label', { sender: first.senderEmail, count: items.length })}>
        {items.map((item) => <ItemRow key={item.recipientId} item={item} />)}
      </ul>
    </li>
  );
}

/** An account without an authenticator app: say what that means, and offer to set one up here. */
function SecondFactorLater(props: { session: InboxSession }): ReactNode {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  if (open) return <div className="card"><TotpSetup token={props.session.token} onDone={() => markSecondFactor(props.session)} /></div>;
  return (
    <p className="hint">
      {t('inbox.list.noSecondFactor')}{' '}
      <button type="button" className="button-link" onClick={() => setOpen(true)}>{t('inbox.totp.setUp')}</button>
    </p>
  );
}

export function InboxPage(props: { session: InboxSession }): ReactNode {
  const { t } = useI18n();
  const heading = useHeadingFocus<HTMLHeadingElement>();
  const [items, setItems] = useState<InboxItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { token } = props.session;
  useEffect(() => {
    let cancelled = false;
    inboxApi.inbox(token).then(
      (answer) => !cancelled && setItems(answer.items),
      (e: unknown) => !cancelled && !endIfSessionGone(token, e) && setError(inboxErrorText(e, t)),
    );
    return () => {
      cancelled = true;
    };
    // Loaded once per session; a language switch only re-renders the list.
  }, [token]);
  return (
    <>
      <section className="card" aria-labelledby="inbox-title">
        <h1 id="inbox-title" ref={heading} tabIndex={-1}>{t('inbox.list.title')}</h1>
        <p>{t('inbox.list.intro', { email: props.session.account.email })}</p>
        <KeyLogWarning check={props.session.keyLog} />
        {!props.session.account.hasSecondFactor && <SecondFactorLater session={props.session} />}
        {error && <p className="alert alert-error" role="alert">{error}</p>}
        {!items && !error && <p className="loading" role="status">{t('common.loading')}</p>}
        {items?.length === 0 && <p>{t('inbox.list.empty')}</p>}
        {items && items.length > 0 && <ul className="sent-list" aria-label={t('inbox.list.label')}>{groupThreads(items).map((thread) => <ThreadRow key={thread.threadId} thread={thread} />)}</ul>}
      </section>
      <PasskeyPanel session={props.session} />
      <PdfPasswordCard session={props.session} />
    </>
  );
}

