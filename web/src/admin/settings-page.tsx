// Organisation settings: name, mail domains, support contact, header colours (contrast checked here as a hint and
// enforced by the server), session timeouts, guest senders.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { contrastRatio, MIN_CONTRAST } from '../../../src/core/accounts/org-settings-contrast.ts';
import { useI18n } from '../i18n/index.ts';
import { adminErrorText } from './admin-errors.ts';
import { staffRequest } from '../account/staff-api.ts';
import { useLoad } from './use-load.ts';
import { LogoField } from './logo-field.tsx';
import { AddinCard } from './addin-card.tsx';
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

/** The form's values as typed (the timeouts stay text until saved). */
interface Draft {
  name: string;
  domains: string;
  email: string;
  phone: string;
  url: string;
  custom: boolean;
  background: string;
  text: string;
  idle: string;
  absolute: string;
  guests: boolean;
  sms: boolean;
}

function draftOf(i: Settings): Draft {
  return {
    name: i.name,
    domains: i.domains.join('\n'),
    email: i.support?.email ?? '',
    phone: i.support?.phone ?? '',
    url: i.support?.url ?? '',
    custom: i.colours !== null,
    background: i.colours?.background ?? '#12233a',
    text: i.colours?.text ?? '#ffffff',
    idle: String(i.idleTimeoutMinutes),
    absolute: String(i.absoluteTimeoutHours),
    guests: i.guestSendersAllowed,
    sms: i.smsFactorAllowed,
  };
}

/** The PATCH body: empty support fields are left out, no support field at all is null. */
function bodyOf(d: Draft) {
  const { email, phone, url } = d;
  const support = email || phone || url ? { ...(email ? { email } : {}), ...(phone ? { phone } : {}), ...(url ? { url } : {}) } : null;
  return {
    name: d.name,
    domains: d.domains.split(/[\s,;]+/).filter(Boolean),
    support,
    colours: d.custom ? { background: d.background, text: d.text } : null,
    idleTimeoutMinutes: Number(d.idle),
    absoluteTimeoutHours: Number(d.absolute),
    guestSendersAllowed: d.guests,
    smsFactorAllowed: d.sms,
  };
}

type DraftProps = { draft: Draft; set: <K extends keyof Draft>(key: K, value: Draft[K]) => void };

function Form(props: { initial: Settings; onSaved: (s: Settings) => void }): ReactNode {
  const { t } = useI18n();
  const [draft, setDraft] = useState(() => draftOf(props.initial));
  const set: DraftProps['set'] = (key, value) => setDraft((d) => ({ ...d, [key]: value }));
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    staffRequest<Settings>('PATCH', '/api/org/settings', bodyOf(draft)).then(
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
        <input id="org-name" value={draft.name} onChange={(e) => set('name', e.target.value)} required maxLength={200} />
      </div>
      <div className="field">
        <label htmlFor="org-domains">{t('admin.settings.domains')}</label>
        <textarea id="org-domains" rows={3} value={draft.domains} onChange={(e) => set('domains', e.target.value)} aria-describedby="org-domains-hint" />
        <p id="org-domains-hint" className="hint">{t('admin.settings.domainsHint')}</p>
      </div>
      <SupportFields draft={draft} set={set} />
      <ColourFields draft={draft} set={set} />
      <SessionFields draft={draft} set={set} />
      <div className="checkbox">
        <input id="guest-senders" type="checkbox" checked={draft.guests} onChange={(e) => set('guests', e.target.checked)} />
        <label htmlFor="guest-senders">{t('admin.settings.guests')}</label>
      </div>
      <div className="checkbox">
        <input id="sms-factor" type="checkbox" checked={draft.sms} onChange={(e) => set('sms', e.target.checked)} aria-describedby="sms-factor-hint" />
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

function SupportFields({ draft, set }: DraftProps): ReactNode {
  const { t } = useI18n();
  return (
    <fieldset>
      <legend>{t('admin.settings.support')}</legend>
      <p className="hint">{t('admin.settings.supportHint')}</p>
      <div className="field">
        <label htmlFor="support-email">{t('admin.settings.supportEmail')}</label>
        <input id="support-email" type="email" value={draft.email} onChange={(e) => set('email', e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="support-phone">{t('admin.settings.supportPhone')}</label>
        <input id="support-phone" type="tel" value={draft.phone} onChange={(e) => set('phone', e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="support-url">{t('admin.settings.supportUrl')}</label>
        <input id="support-url" type="url" value={draft.url} onChange={(e) => set('url', e.target.value)} placeholder="https://" />
      </div>
    </fieldset>
  );
}

function ColourFields({ draft, set }: DraftProps): ReactNode {
  const { t } = useI18n();
  const { background, text } = draft;
  const ratio = HEX.test(background) && HEX.test(text) ? Math.round(contrastRatio(background.toLowerCase(), text.toLowerCase()) * 100) / 100 : null;
  return (
    <fieldset>
      <legend>{t('admin.settings.colours')}</legend>
      <div className="checkbox">
        <input id="colours-custom" type="checkbox" checked={draft.custom} onChange={(e) => set('custom', e.target.checked)} />
        <label htmlFor="colours-custom">{t('admin.settings.coloursCustom')}</label>
      </div>
      {draft.custom && (
        <>
          <div className="inline-group">
            <div className="field">
              <label htmlFor="colour-background">{t('admin.settings.background')}</label>
              <input id="colour-background" value={background} onChange={(e) => set('background', e.target.value)} placeholder="#12233a" aria-describedby="colour-contrast" />
            </div>
            <div className="field">
              <label htmlFor="colour-text">{t('admin.settings.textColour')}</label>
              <input id="colour-text" value={text} onChange={(e) => set('text', e.target.value)} placeholder="#ffffff" aria-describedby="colour-contrast" />
            </div>
          </div>
          <ColourPreview background={background} text={text} label={draft.name} />
          <p id="colour-contrast" className={ratio !== null && ratio < MIN_CONTRAST ? 'hint warning-text' : 'hint'}>
            {ratio === null ? t('admin.settings.colourFormat') : t('admin.settings.contrast', { ratio, min: MIN_CONTRAST })}
          </p>
        </>
      )}
    </fieldset>
  );
}

function SessionFields({ draft, set }: DraftProps): ReactNode {
  const { t } = useI18n();
  return (
    <fieldset>
      <legend>{t('admin.settings.sessions')}</legend>
      <div className="inline-group">
        <div className="field">
          <label htmlFor="idle-timeout">{t('admin.settings.idle')}</label>
          <input id="idle-timeout" type="number" min={5} max={1440} value={draft.idle} onChange={(e) => set('idle', e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="absolute-timeout">{t('admin.settings.absolute')}</label>
          <input id="absolute-timeout" type="number" min={1} max={720} value={draft.absolute} onChange={(e) => set('absolute', e.target.value)} />
        </div>
      </div>
    </fieldset>
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
      <AddinCard />
    </section>
  );
}
