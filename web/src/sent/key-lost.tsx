// A registered recipient reset their password (docs/recipient-accounts.md): the message was wrapped to their old key,
// which no longer opens anywhere, so their inbox marks it "lost". One click re-wraps the message key (opened here by
// the sender's personal key) to their new key, checked against the key log by the client core, and mails them again.
import { useState, type ReactNode } from 'react';
import type { TransferView } from '../../../src/client/api-contract.ts';
import { errorText } from '../api/error-text.ts';
import { useI18n } from '../i18n/index.ts';
import { keyLogCheckpoints } from '../sender/key-log-checkpoint.ts';
import { useSenderAccess } from '../sender/sender-access.ts';

type Recipient = TransferView['recipients'][number];

export function KeyLostResend(props: { transfer: TransferView; recipient: Recipient; identity: string | undefined; onDone: (view: TransferView, notice: string) => void }): ReactNode {
  const { t } = useI18n();
  const { api, token } = useSenderAccess();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { recipient: r, identity } = props;
  const rewrap = async () => {
    if (!identity) return;
    setBusy(true);
    setError(null);
    try {
      const { resendNotification } = await import('../../../src/client/resend.ts');
      const view = await resendNotification({ api, token, transfer: props.transfer, recipientId: r.id, identity, checkpoints: keyLogCheckpoints });
      props.onDone(view, t('controls.keyLost.done', { email: r.email }));
    } catch (e) {
      setError(errorText(e, t));
      setBusy(false);
    }
  };
  return (
    <div className="key-lost">
      <p className="hint warning-text">{t('controls.keyLost.hint', { email: r.email })}</p>
      {identity ? (
        <button type="button" className="button-secondary" disabled={busy} onClick={() => void rewrap()}>
          {t('controls.keyLost')}<span className="visually-hidden"> {r.email}</span>
        </button>
      ) : <p className="hint">{t('controls.resend.needsKey')}</p>}
      {error && <p className="alert alert-error" role="alert">{error}</p>}
    </div>
  );
}
