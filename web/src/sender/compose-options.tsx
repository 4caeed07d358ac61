// Sender controls: expiry (up to the admin's maximum), notify me when opened, hide file names in the
// notification, and the notification's own subject and text.
import { useId, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';

export interface ComposeOptionsValue {
  expiresInDays: number;
  notifyOnOpen: boolean;
  hideFileNames: boolean;
  notificationSubject: string;
  notificationText: string;
}

/** `fileNamesFixed`: the organisation's agreements decide whether file names show (the choice is shown, not offered). */
export function ComposeOptions(props: { value: ComposeOptionsValue; maxExpiryDays: number; fileNamesFixed?: boolean; onChange: (v: ComposeOptionsValue) => void }): ReactNode {
  const { t, formatDate } = useI18n();
  const id = useId();
  const v = props.value;
  const set = (patch: Partial<ComposeOptionsValue>) => props.onChange({ ...v, ...patch });
  const expiry = new Date(Date.now() + v.expiresInDays * 86_400_000);
  return (
    <fieldset className="options">
      <legend>{t('compose.options')}</legend>
      <div className="field">
        <label htmlFor={`${id}-expiry`}>{t('compose.expiry')}</label>
        <input
          id={`${id}-expiry`} type="number" min={1} max={props.maxExpiryDays} step={1} value={v.expiresInDays} aria-describedby={`${id}-expiry-hint`}
          onChange={(e) => set({ expiresInDays: Math.max(1, Math.min(props.maxExpiryDays, Math.round(Number(e.target.value) || 1))) })}
        />
        <p className="hint" id={`${id}-expiry-hint`}>{t('compose.expiryHint', { max: props.maxExpiryDays, date: formatDate(expiry, false) })}</p>
      </div>
      <div className="checkbox">
        <input id={`${id}-notify`} type="checkbox" checked={v.notifyOnOpen} onChange={(e) => set({ notifyOnOpen: e.target.checked })} />
        <label htmlFor={`${id}-notify`}>{t('compose.notifyMe')}</label>
      </div>
      <div className="checkbox">
        <input id={`${id}-hide`} type="checkbox" checked={v.hideFileNames} disabled={props.fileNamesFixed} aria-describedby={props.fileNamesFixed ? `${id}-hide-hint` : undefined} onChange={(e) => set({ hideFileNames: e.target.checked })} />
        <label htmlFor={`${id}-hide`}>{t('compose.hideFileNames')}</label>
      </div>
      {props.fileNamesFixed && <p className="hint" id={`${id}-hide-hint`}>{t('compose.fileNamesFixed')}</p>}
      <div className="field">
        <label htmlFor={`${id}-nsubject`}>{t('compose.notificationSubject')}</label>
        <input id={`${id}-nsubject`} type="text" maxLength={300} value={v.notificationSubject} onChange={(e) => set({ notificationSubject: e.target.value })} aria-describedby={`${id}-n-hint`} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-ntext`}>{t('compose.notificationText')}</label>
        <textarea id={`${id}-ntext`} rows={3} maxLength={5000} value={v.notificationText} onChange={(e) => set({ notificationText: e.target.value })} aria-describedby={`${id}-n-hint`} />
        <p className="hint" id={`${id}-n-hint`}>{t('compose.notificationHint')}</p>
      </div>
    </fieldset>
  );
}
