// Organisation settings: name, mail domains, support contact, header colours (contrast checked here as a hint and
// enforced by the server), session timeouts, guest senders.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { contrastRatio, MIN_CONTRAST } from '../../../src/core/accounts/org-settings-contrast.ts';
import { useI18n } from '../i18n/index.ts';
import { adminErrorText } from './admin-errors.ts';
import { staffRequest } from '../account/staff-api.ts';
import { useLoad } from './use-load.ts';
import { LogoField } from './logo-field.tsx';
import { useStaffSession } from '../account/staff-session.tsx';

interface Settings {
  name: string;
  domains: string[];
  idleTimeoutMinutes: number;
  absoluteTimeoutHours: number;
  guestSendersAllowed: boolean;
  smsFactorAllowed: boolean;
  support: { email?: string; phone?: string; url?: string } | null;
  colours: { background: string; text: string } | null;
}

const HEX = /^#[0-9a-fA-F]{6}$/;

/** A preview of the header in the chosen colours; set through the CSSOM (the strict CSP forbids style attributes). */
function ColourPreview(props: { background: string; text: string; label: string }): ReactNode {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || !HEX.test(props.background) || !HEX.test(props.text)) return;
    el.style.setProperty('background-color', props.background);
    el.style.setProperty('color', props.text);
  }, [props.background, props.text]);
  return <div ref={ref} className="colour-preview" aria-hidden="true">{props.label}</div>;
}

function Form(props: { initial: Settings; onSaved: (s: Settings) => void }): ReactNode {
  const { t } = useI18n();
  const i = props.initial;
  const [name, setName] = useState(i.name);
  const [domains, setDomains] = useState(i.domains.join('\n'));
  const [email, setEmail] = useState(i.support?.email ?? '');
  const [phone, setPhone] = useState(i.support?.phone ?? '');
  const [url, setUrl] = useState(i.support?.url ?? '');
  const [custom, setCustom] = useState(i.colours !== null);
  const [background, setBackground] = useState(i.colours?.background ?? '#12233a');
  const [text, setText] = useState(i.colours?.text ?? '#ffffff');
  const [idle, setIdle] = useState(String(i.idleTimeoutMinutes));
  const [absolute, setAbsolute] = useState(String(i.absoluteTimeoutHours));
  const [guests, setGuests] = useState(i.guestSendersAllowed);
  const [sms, setSms] = useState(i.smsFactorAllowed);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const ratio = HEX.test(background) && HEX.test(text) ? Math.round(contrastRatio(background.toLowerCase(), text.toLowerCase()) * 100) / 100 : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    const support = email || phone || url ? { ...(email ? { email } : {}), ...(phone ? { phone } : {}), ...(url ? { url } : {}) } : null;
    const body = {
      name,
      domains: domains.split(/[\s,;]+/).filter(Boolean),
      support,
      colours: custom ? { background, text } : null,
      idleTimeoutMinutes: Number(idle),
      absoluteTimeoutHours: Number(absolute),
      guestSendersAllowed: guests,
      smsFactorAllowed: sms,
    };
    staffRequest<Settings>('PATCH', '/api/org/settings', body).then(
      (s) => {
        setSaved(true);
        props.onSaved(s);
      },
      setError,
    );
  };
  return (
    <form className="card" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor="org-name">{t('admin.settings.name')}</label>
        <input id="org-name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
      </div>
      <div className="field">
        <label htmlFor="org-domains">{t('admin.settings.domains')}</label>
        <textarea id="org-domains" rows={3} value={domains} onChange={(e) => setDomains(e.target.value)} aria-describedby="org-domains-hint" />
        <p id="org-domains-hint" className="hint">{t('admin.settings.domainsHint')}</p>
      </div>
      <fieldset>
        <legend>{t('admin.settings.support')}</legend>
        <p className="hint">{t('admin.settings.supportHint')}</p>
        <div className="field">
          <label htmlFor="support-email">{t('admin.settings.supportEmail')}</label>
          <input id="support-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="support-phone">{t('admin.settings.supportPhone')}</label>
          <input id="support-phone" type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="support-url">{t('admin.settings.supportUrl')}</label>
          <input id="support-url" type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://" />
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('admin.settings.colours')}</legend>
        <div className="checkbox">
          <input id="colours-custom" type="checkbox" checked={custom} onChange={(e) => setCustom(e.target.checked)} />
          <label htmlFor="colours-custom">{t('admin.settings.coloursCustom')}</label>
        </div>
        {custom && (
          <>
            <div className="inline-group">
              <div className="field">
                <label htmlFor="colour-background">{t('admin.settings.background')}</label>
                <input id="colour-background" value={background} onChange={(e) => setBackground(e.target.value)} placeholder="#12233a" aria-describedby="colour-contrast" />
              </div>
              <div className="field">
                <label htmlFor="colour-text">{t('admin.settings.textColour')}</label>
                <input id="colour-text" value={text} onChange={(e) => setText(e.target.value)} placeholder="#ffffff" aria-describedby="colour-contrast" />
              </div>
            </div>
            <ColourPreview background={background} text={text} label={name} />
            <p id="colour-contrast" className={ratio !== null && ratio < MIN_CONTRAST ? 'hint warning-text' : 'hint'}>
              {ratio === null ? t('admin.settings.colourFormat') : t('admin.settings.contrast', { ratio, min: MIN_CONTRAST })}
            </p>
          </>
        )}
      </fieldset>
      <fieldset>
        <legend>{t('admin.settings.sessions')}</legend>
        <div className="inline-group">
          <div className="field">
            <label htmlFor="idle-timeout">{t('admin.settings.idle')}</label>
            <input id="idle-timeout" type="number" min={5} max={1440} value={idle} onChange={(e) => setIdle(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="absolute-timeout">{t('admin.settings.absolute')}</label>
            <input id="absolute-timeout" type="number" min={1} max={720} value={absolute} onChange={(e) => setAbsolute(e.target.value)} />
          </div>
        </div>
      </fieldset>
      <div className="checkbox">
        <input id="guest-senders" type="checkbox" checked={guests} onChange={(e) => setGuests(e.target.checked)} />
        <label htmlFor="guest-senders">{t('admin.settings.guests')}</label>
      </div>
      <div className="checkbox">
        <input id="sms-factor" type="checkbox" checked={sms} onChange={(e) => setSms(e.target.checked)} aria-describedby="sms-factor-hint" />
        <label htmlFor="sms-factor">{t('admin.settings.smsFactor')}</label>
      </div>
      <p id="sms-factor-hint" className="hint">{t('admin.settings.smsFactorHint')}</p>
      {error !== null && <p className="alert alert-error" role="alert">{adminErrorText(error, t)}</p>}
      {saved && <p className="alert alert-success" role="status">{t('admin.settings.saved')}</p>}
      <div className="actions">
        <button type="submit" className="button-primary">{t('admin.common.save')}</button>
      </div>
    </form>
  );
}

export function SettingsPage(): ReactNode {
  const { t } = useI18n();
  const { refresh, branding } = useStaffSession();
  const settings = useLoad(() => staffRequest<Settings>('GET', '/api/org/settings'), []);
  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">{t('admin.settings.title')}</h1>
      {settings.error !== null && <p className="alert alert-error" role="alert">{adminErrorText(settings.error, t)}</p>}
      {settings.data ? <Form initial={settings.data} onSaved={() => void refresh()} /> : <p className="loading" role="status">{t('common.loading')}</p>}
      <div className="card">
        <LogoField hasLogo={branding?.hasLogo ?? false} onChanged={() => void refresh()} />
      </div>
    </section>
  );
}
