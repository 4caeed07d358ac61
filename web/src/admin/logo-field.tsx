// The organisation's logo: a PNG of at most 100 KiB, uploaded as soon as it is chosen; SVG is refused by the server.
import { useState, type ChangeEvent, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import { adminErrorText } from './admin-errors.ts';
import { staffRequest } from '../account/staff-api.ts';

function toBase64(file: File): Promise<string> {
  return file.arrayBuffer().then((buffer) => {
    let binary = '';
    for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
    return btoa(binary);
  });
}

export function LogoField(props: { hasLogo: boolean; onChanged: () => void }): ReactNode {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const done = (text: string) => {
    setMessage(text);
    setVersion((v) => v + 1);
    props.onChanged();
  };
  const upload = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setError(null);
    setMessage(null);
    toBase64(file)
      .then((png) => staffRequest('PUT', '/api/org/logo', { png }))
      .then(() => done(t('admin.settings.logoSaved')), setError);
  };
  const remove = () => {
    setError(null);
    staffRequest('DELETE', '/api/org/logo').then(() => done(t('admin.settings.logoRemoved')), setError);
  };
  return (
    <fieldset>
      <legend>{t('admin.settings.logo')}</legend>
      {props.hasLogo && <img className="logo-preview" src={`/api/org/logo?v=${version}`} alt={t('admin.settings.logoCurrent')} />}
      <div className="field">
        <label htmlFor="org-logo">{t('admin.settings.logoChoose')}</label>
        <input id="org-logo" type="file" accept="image/png" onChange={upload} aria-describedby="org-logo-hint" />
        <p id="org-logo-hint" className="hint">{t('admin.settings.logoHint')}</p>
      </div>
      {props.hasLogo && <button type="button" className="button-link danger" onClick={remove}>{t('admin.settings.logoRemove')}</button>}
      {message && <p className="alert alert-success" role="status">{message}</p>}
      {error !== null && <p className="alert alert-error" role="alert">{adminErrorText(error, t)}</p>}
    </fieldset>
  );
}
