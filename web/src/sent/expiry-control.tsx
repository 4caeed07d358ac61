// Change a sent message's expiry: later (up to the installation's maximum from composing) or sooner (never in the
// past). The picker offers only what the server would accept; the server's refusal is shown in the page's language
// (noValidate: the browser's own bubbles would speak the browser's language).
import { useState, type FormEvent, type ReactNode } from 'react';
import type { TransferView } from '../../../src/client/api-contract.ts';
import { ApiError } from '../api/client.ts';
import { errorText } from '../api/error-text.ts';
import { useI18n } from '../i18n/index.ts';
import { useSenderAccess } from '../sender/sender-access.ts';

/** A date as the value of <input type="datetime-local">: local time, to the minute. */
function localInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function ExpiryControl(props: { transfer: TransferView; onChanged: (view: TransferView, notice: string) => void }): ReactNode {
  const { t, formatDate } = useI18n();
  const { api, token } = useSenderAccess();
  const { transfer } = props;
  const [value, setValue] = useState(() => localInput(new Date(transfer.expiresAt)));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const latest = formatDate(transfer.latestExpiresAt);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const when = new Date(value);
    if (Number.isNaN(when.getTime())) return setError(t('error.validation'));
    setBusy(true);
    try {
      const view = await api.request<TransferView>('POST', `/api/transfers/${transfer.id}/expiry`, { token, body: { expiresAt: when.toISOString() } });
      props.onChanged(view, t('controls.expiry.done', { date: formatDate(view.expiresAt) }));
    } catch (e) {
      const reason = e instanceof ApiError ? e.details.reason : undefined;
      setError(reason === 'expiry_in_past' ? t('controls.expiry.inPast') : reason === 'expiry_too_late' ? t('controls.expiry.tooLate', { date: latest }) : errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="expiry-control" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="expiry-title">
      <h2 id="expiry-title">{t('controls.expiry.title')}</h2>
      <label htmlFor="expiry-input">{t('controls.expiry.label')}</label>
      <input
        id="expiry-input"
        type="datetime-local"
        value={value}
        min={localInput(new Date())}
        max={localInput(new Date(transfer.latestExpiresAt))}
        onChange={(e) => setValue(e.target.value)}
        aria-describedby="expiry-hint"
        aria-invalid={error ? true : undefined}
        required
      />
      <p id="expiry-hint" className="hint">{t('controls.expiry.hint', { date: latest })}</p>
      {error && <p className="alert alert-error" role="alert">{error}</p>}
      <div className="actions">
        <button type="submit" className="button-secondary" disabled={busy}>{t('controls.expiry.save')}</button>
      </div>
    </form>
  );
}
