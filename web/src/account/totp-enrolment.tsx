// Enrolling an authenticator app: POST /api/account/totp/setup gives a secret and its QR code (SVG). The SVG is shown
// as an <img> with a data: URL (the CSP allows img data:): an image cannot run script, so nothing from the answer is
// put into the document as markup. The secret is also shown in groups of four for typing by hand.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import { accountErrorText } from './error-text.ts';
import { staffRequest } from './staff-api.ts';

interface TotpSetup {
  secret: string;
  uri: string;
  qrSvg: string;
}

export function groupSecret(secret: string): string {
  return secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** Set-up and confirmation; resolves with the ten new recovery codes the server returns on success. */
export function TotpEnrolment(props: { onEnrolled: (codes: string[]) => void }): ReactNode {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    heading.current?.focus();
    staffRequest<TotpSetup>('POST', '/api/account/totp/setup').then(setSetup, (e: unknown) => setError(accountErrorText(e, t)));
    // Once per mount: a second set-up would replace the secret the user is scanning.
  }, []);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d{6}$/.test(code.trim())) {
      setError(t('account.signIn.codeFormat'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await staffRequest<{ recoveryCodes: string[] }>('POST', '/api/account/totp/confirm', { code: code.trim() });
      props.onEnrolled(result.recoveryCodes);
    } catch (e) {
      setError(e && typeof e === 'object' && 'code' in e && e.code === 'SP_ERR_VERIFICATION_FAILED' ? t('account.totp.wrong') : accountErrorText(e, t));
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="totp-title">
      <h2 id="totp-title" ref={heading} tabIndex={-1}>{t('account.totp.title')}</h2>
      {!setup && !error && <p role="status" className="loading">{t('account.totp.loading')}</p>}
      {setup && (
        <>
          <p>{t('account.totp.intro')}</p>
          <img className="totp-qr" src={svgDataUrl(setup.qrSvg)} alt={t('account.totp.qrAlt')} width={200} height={200} />
          <p>{t('account.totp.manual')}</p>
          <p><code className="totp-secret" aria-label={t('account.totp.secretLabel')}>{groupSecret(setup.secret)}</code></p>
          <form onSubmit={(e) => void submit(e)} noValidate>
            <div className="field">
              <label htmlFor="totp-code">{t('account.totp.codeLabel')}</label>
              <input id="totp-code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} value={code}
                aria-describedby="totp-code-hint" aria-invalid={error ? true : undefined} onChange={(e) => setCode(e.target.value)} />
              <p id="totp-code-hint" className="hint">{t('account.totp.codeHint')}</p>
            </div>
            <div className="actions">
              <button type="submit" className="button-primary" disabled={busy}>{busy ? t('account.totp.checking') : t('account.totp.confirm')}</button>
            </div>
          </form>
        </>
      )}
      {error && <p className="alert alert-error" role="alert">{error}</p>}
    </section>
  );
}
