// Send a recipient's notification again: a new link, made in this browser from the message key (which the sender's
// personal key opened for this page) by the client core; the old link stops working. A recipient with an access
// code needs the code again, since the new link's key is derived from it.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { TransferView } from '../../../src/client/api-contract.ts';
import { errorCode, errorText } from '../api/error-text.ts';
import { useI18n } from '../i18n/index.ts';
import { useSenderAccess } from '../sender/sender-access.ts';

type Recipient = TransferView['recipients'][number];

export function ResendDialog(props: { transfer: TransferView; recipient: Recipient; identity: string; onDone: (view: TransferView, notice: string) => void; onCancel: () => void }): ReactNode {
  const { t } = useI18n();
  const { api, token } = useSenderAccess();
  const ref = useRef<HTMLDialogElement>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { recipient: r } = props;
  const needsCode = r.method === 'code';
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (needsCode && !code.trim()) return setError(t('controls.resend.needsCode', { email: r.email }));
    setBusy(true);
    try {
      // The client core and its crypto load only when a notification is really sent again.
      const { resendNotification } = await import('../../../src/client/resend.ts');
      const view = await resendNotification({ api, token, transfer: props.transfer, recipientId: r.id, identity: props.identity, accessCode: needsCode ? code : undefined });
      props.onDone(view, t('controls.resend.done', { email: r.email }));
    } catch (e) {
      setError(errorCode(e) === 'SP_ERR_RATE_LIMITED' ? t('controls.resend.rateLimited', { email: r.email }) : errorText(e, t));
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="resend-title" aria-describedby="resend-text" onCancel={props.onCancel}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <h2 id="resend-title">{t('controls.resend.confirmTitle', { email: r.email })}</h2>
        <p id="resend-text">{t('controls.resend.confirmText')}</p>
        {needsCode && (
          <div className="field">
            <label htmlFor="resend-code">{t('controls.resend.codeLabel', { email: r.email })}</label>
            <input id="resend-code" type="text" autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} aria-describedby="resend-code-hint" />
            <p id="resend-code-hint" className="hint">{t('controls.resend.codeHint')}</p>
          </div>
        )}
        {error && <p className="alert alert-error" role="alert">{error}</p>}
        <div className="actions">
          <button type="submit" className="button-primary" disabled={busy}>{t('controls.resend')}</button>
          <button type="button" className="button-secondary" onClick={props.onCancel} autoFocus={!needsCode}>{t('common.cancel')}</button>
        </div>
      </form>
    </dialog>
  );
}
