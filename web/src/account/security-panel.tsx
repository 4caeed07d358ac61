// New recovery codes and a new authenticator app: each first confirmed in the re-authentication dialog, then shown
// once like at enrolment; afterwards the personal key (if unlocked here) is wrapped under the new codes as well.
import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import { accountErrorText } from './error-text.ts';
import { KeyProgress } from './key-progress.tsx';
import { rewrapForNewCodes } from './personal-key.ts';
import { ReauthDialog } from './reauth-dialog.tsx';
import { RecoveryCodesPanel } from './recovery-codes-panel.tsx';
import { staffRequest } from './staff-api.ts';
import { useStaffSession } from './staff-session.tsx';
import { TotpEnrolment } from './totp-enrolment.tsx';

type Flow =
  | { name: 'idle' }
  | { name: 'reauth'; then: 'codes' | 'totp' }
  | { name: 'totp' }
  | { name: 'codes'; codes: string[] }
  | { name: 'rewrap'; done: number; total: number }
  | { name: 'finished'; rewrapped: boolean };

export function SecurityPanel(props: { email: string }): ReactNode {
  const { t } = useI18n();
  const { refresh } = useStaffSession();
  const [flow, setFlow] = useState<Flow>({ name: 'idle' });
  const [error, setError] = useState<string | null>(null);

  const afterReauth = async (then: 'codes' | 'totp') => {
    setError(null);
    if (then === 'totp') return setFlow({ name: 'totp' });
    try {
      const result = await staffRequest<{ recoveryCodes: string[] }>('POST', '/api/account/recovery-codes');
      setFlow({ name: 'codes', codes: result.recoveryCodes });
    } catch (e) {
      setError(accountErrorText(e, t));
      setFlow({ name: 'idle' });
    }
  };
  const rewrap = async (codes: string[]) => {
    setFlow({ name: 'rewrap', done: 0, total: codes.length });
    try {
      const rewrapped = await rewrapForNewCodes(codes, (done, total) => setFlow({ name: 'rewrap', done, total }));
      setFlow({ name: 'finished', rewrapped });
    } catch (e) {
      setError(accountErrorText(e, t));
      setFlow({ name: 'finished', rewrapped: false });
    }
    void refresh();
  };

  return (
    <section className="card" aria-labelledby="security-title">
      <h2 id="security-title">{t('account.security.title')}</h2>
      {(flow.name === 'idle' || flow.name === 'reauth' || flow.name === 'finished') && (
        <div className="security-actions">
          <div>
            <button type="button" className="button-secondary" onClick={() => setFlow({ name: 'reauth', then: 'codes' })}>{t('account.security.newCodes')}</button>
            <p className="hint">{t('account.security.newCodesHint')}</p>
          </div>
          <div>
            <button type="button" className="button-secondary" onClick={() => setFlow({ name: 'reauth', then: 'totp' })}>{t('account.security.replaceTotp')}</button>
            <p className="hint">{t('account.security.replaceTotpHint')}</p>
          </div>
        </div>
      )}
      {flow.name === 'reauth' && <ReauthDialog onCancel={() => setFlow({ name: 'idle' })} onConfirmed={() => void afterReauth(flow.then)} />}
      {flow.name === 'totp' && <TotpEnrolment onEnrolled={(codes) => setFlow({ name: 'codes', codes })} />}
      {flow.name === 'codes' && <RecoveryCodesPanel codes={flow.codes} email={props.email} onContinue={() => void rewrap(flow.codes)} />}
      {flow.name === 'rewrap' && <KeyProgress done={flow.done} total={flow.total} />}
      {flow.name === 'finished' && (
        <p className={flow.rewrapped ? 'alert alert-success' : 'alert alert-error'} role="status">
          {flow.rewrapped ? t('account.security.keyRewrapped') : t('account.security.keyNotRewrapped')}
        </p>
      )}
      {error && <p className="alert alert-error" role="alert">{error}</p>}
    </section>
  );
}
