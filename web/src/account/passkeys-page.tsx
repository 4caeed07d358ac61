// /account/passkeys: the signed-in staff member's passkeys, and adding one.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { errorCode } from '../api/error-text.ts';
import { useI18n } from '../i18n/index.ts';
import { Link } from '../shell/router.ts';
import { PasskeyAddForm } from './passkey-add-form.tsx';
import type { PasskeyView } from './passkey-api.ts';
import { staffRequest, type Me } from './staff-api.ts';
import { useStaffSession } from './staff-session.tsx';
import { PasskeyList } from './passkey-list.tsx';
import { webAuthnAvailable } from './passkey-webauthn.ts';

type Loaded = { state: 'loading' } | { state: 'signedOut' } | { state: 'failed' } | { state: 'ready'; me: Me; items: PasskeyView[] };

export function PasskeysPage(): ReactNode {
  const { t } = useI18n();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [message, setMessage] = useState<string | null>(null);
  // Who is signed in comes from the shell's staff session (undefined while it asks).
  const { me } = useStaffSession();
  const load = useCallback(async (signedIn: Me) => {
    try {
      const { items } = await staffRequest<{ items: PasskeyView[] }>('GET', '/api/account/passkeys');
      setLoaded({ state: 'ready', me: signedIn, items });
    } catch (e) {
      setLoaded({ state: errorCode(e) === 'SP_ERR_UNAUTHORIZED' || errorCode(e) === 'SP_ERR_FORBIDDEN' ? 'signedOut' : 'failed' });
    }
  }, []);
  useEffect(() => {
    if (me === null) setLoaded({ state: 'signedOut' });
    else if (me) void load(me);
  }, [me, load]);
  const changed = (text: string) => {
    setMessage(text);
    if (me) void load(me);
  };
  return (
    <section className="card narrow" aria-labelledby="passkeys-title">
      <h1 id="passkeys-title">{t('passkey.manage.heading')}</h1>
      <p>{t('passkey.manage.intro')}</p>
      {loaded.state === 'loading' && <p className="loading" role="status">{t('common.loading')}</p>}
      {loaded.state === 'failed' && <p className="alert alert-error" role="alert">{t('error.internal')}</p>}
      {loaded.state === 'signedOut' && (
        <p>
          {t('passkey.manage.signInFirst')} <Link to="/sign-in/passkey">{t('passkey.manage.signInLink')}</Link>
        </p>
      )}
      {loaded.state === 'ready' && (
        <>
          <p>{t('passkey.manage.signedInAs', { email: loaded.me.email, org: loaded.me.orgName })}</p>
          <p role="status" className="passkey-message">{message ?? ''}</p>
          <PasskeyList items={loaded.items} onChanged={changed} />
          {webAuthnAvailable() ? <PasskeyAddForm onAdded={changed} /> : <p className="alert alert-error">{t('passkey.unsupported')}</p>}
        </>
      )}
    </section>
  );
}
