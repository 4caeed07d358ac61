// Shown under an opened message on the recipient pages: register once, and later messages to this address arrive
// encrypted to the recipient's own key, with no code to type. A link to /inbox/register with the address filled in.
// Its texts are the inbox's (loaded here, not with the first page); nothing shows until they are in.
import { useEffect, useState, type ReactNode } from 'react';
import { loadInboxCatalogs, useI18n } from '../i18n/index.ts';
import { Link } from '../shell/router.ts';

export function RegisterOffer(props: { email: string }): ReactNode {
  const { t } = useI18n();
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    loadInboxCatalogs().then(() => live && setReady(true), () => undefined);
    return () => {
      live = false;
    };
  }, []);
  if (!ready) return null;
  return (
    <aside className="rp-card inbox-offer" aria-labelledby="inbox-offer-title">
      <h2 id="inbox-offer-title">{t('inbox.offer.title')}</h2>
      <p>{t('inbox.offer.text')}</p>
      <p><Link to={`/inbox/register?email=${encodeURIComponent(props.email)}`}>{t('inbox.offer.link')}</Link></p>
    </aside>
  );
}
