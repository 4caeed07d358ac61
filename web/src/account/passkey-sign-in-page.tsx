// /sign-in/passkey: passwordless sign-in with a discoverable passkey (user verification required). Where the passkey
// carries a PRF wrap, the personal key is unwrapped here with the PRF output the authenticator just computed; then on
// to compose on /send like every sign-in (without a PRF wrap, /send asks for the password to unlock the key).
import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import { navigate } from '../shell/router.ts';
import { type CeremonyOptions, type PasskeySignedIn } from './passkey-api.ts';
import { staffRequest } from './staff-api.ts';
import { useStaffSession } from './staff-session.tsx';
import { unlockWithPrf } from './passkey-key.ts';
import { assertPasskey, webAuthnAvailable } from './passkey-webauthn.ts';

function isCancel(error: unknown): boolean {
  const name = (error as { name?: string; cause?: { name?: string } }).name;
  const cause = (error as { cause?: { name?: string } }).cause?.name;
  return name === 'NotAllowedError' || name === 'AbortError' || cause === 'NotAllowedError';
}

export function PasskeySignInPage(): ReactNode {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { refresh } = useStaffSession();
  const signIn = async () => {
    setBusy(true);
    setError(null);
    try {
      const { attemptId, options } = await staffRequest<CeremonyOptions<Parameters<typeof assertPasskey>[0]>>('POST', '/api/account/passkey/options', { purpose: 'sign-in' }, { publicRoute: true });
      const { response, prf } = await assertPasskey(options);
      const signed = await staffRequest<PasskeySignedIn>('POST', '/api/account/passkey/sign-in', { attemptId, response }, { publicRoute: true });
      if (signed.prf && prf && signed.publicKey) {
        // A stale or damaged wrap (or one that opens another key): /send asks for the password instead.
        await unlockWithPrf(signed.prf.wrapped, prf, signed.credentialId, signed.publicKey).catch(() => undefined);
      }
      await refresh();
      navigate('/send');
    } catch (e) {
      setError(isCancel(e) ? t('passkey.signIn.cancelled') : t('passkey.signIn.failed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card narrow" aria-labelledby="passkey-sign-in-title">
      <h1 id="passkey-sign-in-title">{t('passkey.signIn.heading')}</h1>
      {!webAuthnAvailable() ? (
        <p className="alert alert-error" role="alert">{t('passkey.unsupported')}</p>
      ) : (
        <>
          <p>{t('passkey.signIn.intro')}</p>
          {error && <p className="alert alert-error" role="alert">{error}</p>}
          {busy && <p role="status">{t('passkey.signIn.working')}</p>}
          <button type="button" className="button-primary" disabled={busy} onClick={() => void signIn()}>{t('passkey.signIn.button')}</button>
        </>
      )}
    </section>
  );
}
