// The task pane for a message being read. In order: a message the user sent securely (its sender is the signed-in
// mailbox; signed in: found by the stored transfer id or, for gateway mode, by its Message-ID) shows its read status
// and recall (sent-status-card); a mail with a link to a message on this server offers "Open securely" for that link
// (and says how many other links in it are not Sealpost's); anything else is said plainly not to be a Sealpost
// message. Signed out, the user's own messages cannot be looked up, so the pane says that signing in shows them.
import { useEffect, useId, useState } from 'react';
import type { TransferView } from '../../src/client/api-contract.ts';
import type { AddinTranslate } from './i18n.ts';
import { notificationLinksOf, openSecurely } from './notification-link.ts';
import type { MailboxItem } from './office.ts';
import { storedSession } from './session.ts';
import { SentStatusCard } from './sent-status-card.tsx';
import { isOwnSentItem, lookUpSent, storedTransferId } from './sent-status.ts';

type Found =
  | { kind: 'loading' }
  | { kind: 'sent'; transfers: TransferView[] }
  | { kind: 'received'; links: string[]; otherLinks: number }
  | { kind: 'signInForStatus' }
  | { kind: 'notSealpost'; signedIn: boolean }
  | { kind: 'failed'; reason: string };

async function classify(item: MailboxItem, token: string | undefined): Promise<Found> {
  // A received mail's X-Sealpost-Transfer header or Message-ID says nothing about the reader's own messages.
  const own = isOwnSentItem(item);
  if (token && own) {
    const sent = await lookUpSent(item, token);
    if (sent.kind === 'found') return { kind: 'sent', transfers: sent.transfers };
  }
  const { links, otherLinks } = await notificationLinksOf(item);
  if (links.length > 0) return { kind: 'received', links, otherLinks };
  if (!token && own && (await storedTransferId(item))) return { kind: 'signInForStatus' };
  return { kind: 'notSealpost', signedIn: token !== undefined };
}

function ReceivedCard(props: { t: AddinTranslate; links: string[]; otherLinks: number }) {
  const { t, links, otherLinks } = props;
  const [inWindow, setInWindow] = useState(false);
  const headingId = useId();
  return (
    <section className="addin-card addin-read" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('read.receivedHeading')}</h2>
      <p>{t('read.receivedExplain')}</p>
      {otherLinks > 0 ? <p className="warning-text">{t('read.otherLinks', { count: otherLinks })}</p> : null}
      {links.map((link, i) => (
        <button key={link} type="button" onClick={() => void openSecurely(link).then((how) => setInWindow(how === 'window'))}>
          {links.length === 1 ? t('read.openSecurely') : t('read.openSecurelyNth', { n: i + 1 })}
        </button>
      ))}
      <p role="status" className="muted">{inWindow ? t('read.openedInWindow') : ''}</p>
    </section>
  );
}

export function ReadView(props: { t: AddinTranslate; item: MailboxItem | undefined }) {
  const { t, item } = props;
  // Read once: signing in shows the status the next time the pane opens (as the compose pane's menu).
  const [session] = useState(() => storedSession());
  const [found, setFound] = useState<Found>({ kind: 'loading' });
  const headingId = useId();

  useEffect(() => {
    if (!item) return setFound({ kind: 'notSealpost', signedIn: session !== undefined });
    classify(item, session?.token).then(setFound, (e: Error) => setFound({ kind: 'failed', reason: e.message }));
  }, [item, session]);

  if (found.kind === 'sent' && session) return <SentStatusCard t={t} token={session.token} transfers={found.transfers} />;
  if (found.kind === 'received') return <ReceivedCard t={t} links={found.links} otherLinks={found.otherLinks} />;
  return (
    <section className="addin-card addin-read" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('read.heading')}</h2>
      {found.kind === 'loading' ? <p role="status">{t('read.placeholder')}</p> : null}
      {found.kind === 'signInForStatus' ? <p>{t('read.signInForStatus')}</p> : null}
      {found.kind === 'notSealpost' ? <p>{t('read.notSealpost')}</p> : null}
      {found.kind === 'notSealpost' && !found.signedIn ? <p className="muted">{t('read.signInForStatus')}</p> : null}
      {found.kind === 'failed' ? <p role="alert" className="error">{t('read.failed', { reason: found.reason })}</p> : null}
    </section>
  );
}
