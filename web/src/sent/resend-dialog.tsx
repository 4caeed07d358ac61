// Send a recipient's notification again: a new link, made in this browser from the message key (which the sender's
// personal key opened for this page) by the client core; the old link stops working. The sender may change how the
// recipient proves who they are at the same time (the new link's key material is made for the new method). A
// recipient with an access code needs the code again, since the new link's key is derived from it.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { TransferView } from '../../../src/client/api-contract.ts';
import { errorCode, errorText } from '../api/error-text.ts';
import { useI18n, type MessageKey } from '../i18n/index.ts';
import { useSenderAccess } from '../sender/sender-access.ts';
import { keyLogCheckpoints } from '../sender/key-log-checkpoint.ts';
import { lookupAccount } from '../sender/account-lookup.ts';

type Recipient = TransferView['recipients'][number];
type Method = Recipient['method'];

const methodLabel: Record<Method, MessageKey> = { account: 'method.account', sms: 'method.sms', code: 'method.code', email: 'method.email', none: 'method.none' };

export function ResendDialog(props: {
  transfer: TransferView;
  recipient: Recipient;
  identity: string;
  allowedMethods: readonly Method[];
  onDone: (view: TransferView, notice: string) => void;
  onCancel: () => void;
}): ReactNode {
  const { t } = useI18n();
  const access = useSenderAccess();
  const { api, token } = access;
  const base = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const { recipient: r } = props;
  const [method, setMethod] = useState<Method>(r.method);
  const [code, setCode] = useState('');
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [registered, setRegistered] = useState(false);
  useEffect(() => {
    void lookupAccount(access, r.email).then((found) => setRegistered(found === 'registered'));
  }, [r.email]);
  // The recipient's current method stays on offer even if the rules dropped it since; `account` only for a key the log vouches for.
  const methods = (['account', 'sms', 'code', 'email', 'none'] as const).filter((m) => m === r.method || (props.allowedMethods.includes(m) && (m !== 'account' || registered)));
  const keepsPhone = method === 'sms' && r.method === 'sms' && r.maskedPhone !== null;
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (method === 'code' && !code.trim()) return setError(t('controls.resend.needsCode', { email: r.email }));
    if (method === 'sms' && !keepsPhone && !phone.trim()) return setError(t('compose.phoneNeeded'));
    setBusy(true);
    try {
      // The client core and its crypto load only when a notification is really sent again.
      const { resendNotification } = await import('../../../src/client/resend.ts');
      const view = await resendNotification({
        api, token, transfer: props.transfer, recipientId: r.id, identity: props.identity, method, checkpoints: keyLogCheckpoints,
        accessCode: method === 'code' ? code : undefined, phone: method === 'sms' && phone.trim() ? phone : undefined,
      });
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
        <fieldset>
          <legend>{t('compose.verification', { email: r.email })}</legend>
          {methods.map((m) => (
            <div className="radio" key={m}>
              <input type="radio" id={`${base}-m-${m}`} name={`${base}-method`} checked={method === m} onChange={() => setMethod(m)} />
              <label htmlFor={`${base}-m-${m}`}>{t(methodLabel[m])}</label>
            </div>
          ))}
        </fieldset>
        {method === 'sms' && (
          <div className="field">
            <label htmlFor={`${base}-phone`}>{t('compose.phone')}</label>
            <input id={`${base}-phone`} type="tel" autoComplete="off" value={phone} onChange={(e) => setPhone(e.target.value)} aria-describedby={`${base}-phone-hint`} />
            <p id={`${base}-phone-hint`} className="hint">{keepsPhone ? t('controls.resend.phoneKept', { phone: r.maskedPhone ?? '' }) : t('compose.phoneNeeded')}</p>
          </div>
        )}
        {method === 'code' && (
          <div className="field">
            <label htmlFor={`${base}-code`}>{t('controls.resend.codeLabel', { email: r.email })}</label>
            <input id={`${base}-code`} type="text" autoComplete="off" spellCheck={false} value={code} onChange={(e) => setCode(e.target.value)} aria-describedby={`${base}-code-hint`} />
            <p id={`${base}-code-hint`} className="hint">{t('controls.resend.codeHint')}</p>
          </div>
        )}
        {error && <p className="alert alert-error" role="alert">{error}</p>}
        <div className="actions">
          <button type="submit" className="button-primary" disabled={busy}>{t('controls.resend')}</button>
          <button type="button" className="button-secondary" onClick={props.onCancel}>{t('common.cancel')}</button>
        </div>
      </form>
    </dialog>
  );
}
