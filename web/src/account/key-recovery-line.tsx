// One line on /account telling the staff member what their organisation chose for a lost key: restorable with the
// organisation's recovery key (named by its fingerprint, so they can compare it with what the admin shows), or lost.
import { useEffect, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import { keyRecoveryChoice } from './key-escrow.ts';

export function KeyRecoveryLine(): ReactNode {
  const { t } = useI18n();
  // undefined while asking; null when the question failed (the line is then left out: it is information only).
  const [fingerprint, setFingerprint] = useState<string | false | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    keyRecoveryChoice()
      .then(async (choice) => {
        if (choice.policy !== 'org-key' || !choice.recoveryPublicKey) return false;
        return (await import('../../../src/crypto/index.ts')).recoveryKeyFingerprint(choice.recoveryPublicKey);
      })
      .then((value) => live && setFingerprint(value), () => live && setFingerprint(null));
    return () => {
      live = false;
    };
  }, []);
  if (fingerprint === undefined || fingerprint === null) return null;
  return <p className="key-recovery-line">{fingerprint ? t('account.page.recoveryOrgKey', { fingerprint }) : t('account.page.recoveryLoss')}</p>;
}
