// /account: who you are, where you are signed in, and your second factor and recovery codes. A session still
// enrolling its authenticator finishes that here first.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import { AccountLinks } from './account-links.tsx';
import { navigate } from '../shell/router.ts';
import { KeyRecoveryLine } from './key-recovery-line.tsx';
import { useUnlockedKey } from './personal-key.ts';
import { RecoveryCodesPanel } from './recovery-codes-panel.tsx';
import { SecurityPanel } from './security-panel.tsx';
import { SessionsPanel } from './sessions-panel.tsx';
import { useStaffSession } from './staff-session.tsx';
import { TotpEnrolment } from './totp-enrolment.tsx';
import { UnlockKeyForm } from './unlock-key-form.tsx';

function FinishEnrolment(props: { email: string }): ReactNode {
  const { refresh } = useStaffSession();
  const [codes, setCodes] = useState<string[] | null>(null);
  if (!codes) return <TotpEnrolment onEnrolled={setCodes} />;
  return <RecoveryCodesPanel codes={codes} email={props.email} onContinue={() => void refresh()} />;
}

export function AccountPage(): ReactNode {
  const { t } = useI18n();
  const { me, recoveryCodesLeft, viaSso } = useStaffSession();
  const heading = useRef<HTMLHeadingElement>(null);
  const keyUnlocked = useUnlockedKey() !== null;
  useEffect(() => {
    if (me === null) navigate('/sign-in', { replace: true });
  }, [me]);
  useEffect(() => heading.current?.focus(), []);
  if (!me) return <p className="loading" role="status">{t('common.loading')}</p>;
  return (
    <div className="account-page">
      <h1 ref={heading} tabIndex={-1}>{t('account.page.title')}</h1>
      <p>{t('account.page.profile', { email: me.email, org: me.orgName })}</p>
      <p>{keyUnlocked ? t('account.page.keyUnlocked') : t('account.page.keyLocked')}</p>
      {me.enrolled && <KeyRecoveryLine />}
      {!keyUnlocked && me.enrolled && <UnlockKeyForm />}
      {recoveryCodesLeft !== null && <p className="alert alert-warning" role="status">{t('account.signIn.recoveryLeft', { count: recoveryCodesLeft })}</p>}
      {me.enrolled ? (
        <>
          <SessionsPanel />
          <SecurityPanel email={me.email} />
          <AccountLinks viaSso={viaSso} />
        </>
      ) : (
        <FinishEnrolment email={me.email} />
      )}
    </div>
  );
}
