// The workplace agreements (docs/agreements.md): every setting with its effective value and where it comes from
// (the installation's default or the organisation's own), edited here; "Use the installation default" removes the
// organisation's value. The server checks every change (an organisation narrows, never widens) and enforces the
// agreements on every send, whatever this page shows.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { languageNames, languages, useI18n, type MessageKey } from '../i18n/index.ts';
import { staffRequest } from '../account/staff-api.ts';
import { adminErrorText } from './admin-errors.ts';
import { NotificationDefaults } from './notification-defaults.tsx';
import { useLoad } from './use-load.ts';

type Method = 'account' | 'sms' | 'code' | 'email' | 'none';
interface Effective<T> { value: T; source: 'installation' | 'organisation' }
export interface AgreementsView {
  allowedMethods: Effective<Method[]>;
  defaultMethod: Effective<Method>;
  defaultExpiryDays: Effective<number>;
  maxExpiryDays: Effective<number>;
  recipientScope: Effective<'all' | 'external'>;
  trustedDomains: Effective<string[]>;
  guestRecipients: Effective<'anyone' | 'organisation'>;
  defaultLanguage: Effective<'en' | 'de' | 'nl'>;
  hideFileNames: Effective<boolean>;
  senderMayShowFileNames: Effective<boolean>;
  deleteUnopenedAfterDays: Effective<number>;
  alwaysSecureDomains: Effective<string[]>;
  sentItemsRetentionDays: Effective<number>;
  auditRetentionDays: Effective<number>;
  storageQuotaMiB: Effective<number>;
  maxMessageMiB: Effective<number>;
  largeAttachmentMiB: Effective<number>;
  gatewayRegisteredFormat: Effective<'portal' | 'pdf'>;
  gatewayNotifySender: Effective<boolean>;
  gatewayNotifyDownloads: Effective<boolean>;
  gatewayReplyFormat: Effective<'clear' | 'smime'>;
  addinSendingMode: Effective<'gateway' | 'end-to-end'>;
}
interface Usage { storageUsedBytes: number; files: number }
type Name = keyof AgreementsView;
type Values = { [K in Name]: AgreementsView[K]['value'] };

const methods: readonly Method[] = ['account', 'sms', 'code', 'email', 'none'];
const methodLabel: Record<Method, MessageKey> = { account: 'method.account', sms: 'method.sms', code: 'method.code', email: 'method.email', none: 'method.none' };

const valuesOf = (v: AgreementsView): Values => Object.fromEntries(Object.entries(v).map(([k, e]) => [k, (e as Effective<unknown>).value])) as Values;

/** One setting: its control, where its value comes from, and (when the organisation set it) a way back to the default. */
function Setting(props: { label: string; hintId: string; source: Effective<unknown>['source']; onReset: () => void; children: ReactNode }): ReactNode {
  const { t } = useI18n();
  return (
    <fieldset className="agreement">
      <legend>{props.label}</legend>
      {props.children}
      <p className="hint" id={props.hintId}>
        {props.source === 'organisation' ? t('admin.agreements.fromOrganisation') : t('admin.agreements.fromInstallation')}
        {props.source === 'organisation' && (
          <> <button type="button" className="button-link" onClick={props.onReset}>{t('admin.agreements.reset', { setting: props.label })}</button></>
        )}
      </p>
    </fieldset>
  );
}

function Radio<T extends string>(props: { name: string; value: T; options: ReadonlyArray<readonly [T, string]>; describedBy: string; onChange: (v: T) => void }): ReactNode {
  return (
    <>
      {props.options.map(([v, label]) => (
        <div className="checkbox" key={v}>
          <input id={`${props.name}-${v}`} type="radio" name={props.name} checked={props.value === v} onChange={() => props.onChange(v)} aria-describedby={props.describedBy} />
          <label htmlFor={`${props.name}-${v}`}>{label}</label>
        </div>
      ))}
    </>
  );
}

function Form(props: { view: AgreementsView; usage: Usage | null; onSaved: (v: AgreementsView) => void }): ReactNode {
  const { t, formatSize } = useI18n();
  const id = useId();
  const initial = valuesOf(props.view);
  const [v, setV] = useState<Values>(initial);
  const [domains, setDomains] = useState(initial.trustedDomains.join('\n'));
  const [secureDomains, setSecureDomains] = useState(initial.alwaysSecureDomains.join('\n'));
  const [error, setError] = useState<unknown>(null);
  const set = (patch: Partial<Values>) => setV((prev) => ({ ...prev, ...patch }));
  const hint = (name: Name) => `${id}-${name}-source`;

  const save = (body: Record<string, unknown>) => {
    setError(null);
    staffRequest<AgreementsView>('PATCH', '/api/org/agreements', body).then(props.onSaved, setError);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const list = (text: string) => text.split(/[\s,;]+/).filter(Boolean);
    const next: Values = { ...v, trustedDomains: list(domains), alwaysSecureDomains: list(secureDomains) };
    // Only what changed: an unchanged installation default stays the installation's (and follows it later).
    const changed = Object.fromEntries((Object.keys(next) as Name[]).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(initial[k])).map((k) => [k, next[k]]));
    save(changed);
  };
  const reset = (name: Name) => () => save({ [name]: null });
  const setting = (name: Name, label: MessageKey, children: ReactNode) => (
    <Setting label={t(label)} hintId={hint(name)} source={props.view[name].source} onReset={reset(name)}>{children}</Setting>
  );

  return (
    <form className="card" onSubmit={submit} noValidate>
      <h2>{t('admin.agreements.verification')}</h2>
      {setting('allowedMethods', 'admin.agreements.allowedMethods', methods.map((m) => (
        <div className="checkbox" key={m}>
          <input id={`${id}-method-${m}`} type="checkbox" checked={v.allowedMethods.includes(m)} aria-describedby={hint('allowedMethods')}
            onChange={(e) => set({ allowedMethods: e.target.checked ? methods.filter((x) => x === m || v.allowedMethods.includes(x)) : v.allowedMethods.filter((x) => x !== m) })} />
          <label htmlFor={`${id}-method-${m}`}>{t(methodLabel[m])}</label>
        </div>
      )))}
      {setting('defaultMethod', 'admin.agreements.defaultMethod', (
        <select id={`${id}-default-method`} aria-label={t('admin.agreements.defaultMethod')} aria-describedby={hint('defaultMethod')} value={v.defaultMethod} onChange={(e) => set({ defaultMethod: e.target.value as Method })}>
          {methods.filter((m) => v.allowedMethods.includes(m) || m === v.defaultMethod).map((m) => <option key={m} value={m}>{t(methodLabel[m])}</option>)}
        </select>
      ))}
      <h2>{t('admin.agreements.expiry')}</h2>
      {setting('defaultExpiryDays', 'admin.agreements.defaultExpiryDays', (
        <input id={`${id}-default-expiry`} type="number" min={1} max={3650} aria-label={t('admin.agreements.defaultExpiryDays')} aria-describedby={hint('defaultExpiryDays')} value={v.defaultExpiryDays} onChange={(e) => set({ defaultExpiryDays: Number(e.target.value) })} />
      ))}
      {setting('maxExpiryDays', 'admin.agreements.maxExpiryDays', (
        <input id={`${id}-max-expiry`} type="number" min={1} max={3650} aria-label={t('admin.agreements.maxExpiryDays')} aria-describedby={hint('maxExpiryDays')} value={v.maxExpiryDays} onChange={(e) => set({ maxExpiryDays: Number(e.target.value) })} />
      ))}
      <h2>{t('admin.agreements.whom')}</h2>
      {setting('recipientScope', 'admin.agreements.recipientScope', (
        <Radio name={`${id}-scope`} value={v.recipientScope} describedBy={hint('recipientScope')} onChange={(recipientScope) => set({ recipientScope })}
          options={[['all', t('admin.agreements.scopeAll')], ['external', t('admin.agreements.scopeExternal')]]} />
      ))}
      {setting('trustedDomains', 'admin.agreements.trustedDomains', (
        <textarea id={`${id}-trusted`} rows={3} aria-label={t('admin.agreements.trustedDomains')} aria-describedby={hint('trustedDomains')} value={domains} onChange={(e) => setDomains(e.target.value)} />
      ))}
      {setting('guestRecipients', 'admin.agreements.guestRecipients', (
        <Radio name={`${id}-guests`} value={v.guestRecipients} describedBy={hint('guestRecipients')} onChange={(guestRecipients) => set({ guestRecipients })}
          options={[['anyone', t('admin.agreements.guestsAnyone')], ['organisation', t('admin.agreements.guestsOrganisation')]]} />
      ))}
      {setting('alwaysSecureDomains', 'admin.agreements.alwaysSecureDomains', (
        <textarea id={`${id}-always-secure`} rows={3} aria-label={t('admin.agreements.alwaysSecureDomains')} aria-describedby={hint('alwaysSecureDomains')} value={secureDomains} onChange={(e) => setSecureDomains(e.target.value)} />
      ))}
      <h2>{t('admin.agreements.notifications')}</h2>
      {setting('defaultLanguage', 'admin.agreements.defaultLanguage', (
        <select id={`${id}-lang`} aria-label={t('admin.agreements.defaultLanguage')} aria-describedby={hint('defaultLanguage')} value={v.defaultLanguage} onChange={(e) => set({ defaultLanguage: e.target.value as Values['defaultLanguage'] })}>
          {languages.map((l) => <option key={l} value={l}>{languageNames[l]}</option>)}
        </select>
      ))}
      {setting('hideFileNames', 'admin.agreements.fileNames', (
        <div className="checkbox">
          <input id={`${id}-hide`} type="checkbox" checked={v.hideFileNames} aria-describedby={hint('hideFileNames')} onChange={(e) => set({ hideFileNames: e.target.checked })} />
          <label htmlFor={`${id}-hide`}>{t('admin.agreements.hideFileNames')}</label>
        </div>
      ))}
      {setting('senderMayShowFileNames', 'admin.agreements.fileNameChoice', (
        <div className="checkbox">
          <input id={`${id}-may-show`} type="checkbox" checked={v.senderMayShowFileNames} aria-describedby={hint('senderMayShowFileNames')} onChange={(e) => set({ senderMayShowFileNames: e.target.checked })} />
          <label htmlFor={`${id}-may-show`}>{t('admin.agreements.senderMayShowFileNames')}</label>
        </div>
      ))}
      <h2>{t('admin.agreements.retention')}</h2>
      {setting('deleteUnopenedAfterDays', 'admin.agreements.deleteUnopened', (
        <input id={`${id}-unopened`} type="number" min={0} max={3650} aria-label={t('admin.agreements.deleteUnopened')} aria-describedby={hint('deleteUnopenedAfterDays')} value={v.deleteUnopenedAfterDays} onChange={(e) => set({ deleteUnopenedAfterDays: Number(e.target.value) })} />
      ))}
      {setting('sentItemsRetentionDays', 'admin.agreements.sentItemsRetention', (
        <input id={`${id}-sent-items`} type="number" min={0} max={36500} aria-label={t('admin.agreements.sentItemsRetention')} aria-describedby={hint('sentItemsRetentionDays')} value={v.sentItemsRetentionDays} onChange={(e) => set({ sentItemsRetentionDays: Number(e.target.value) })} />
      ))}
      {setting('auditRetentionDays', 'admin.agreements.auditRetention', (
        <input id={`${id}-audit`} type="number" min={0} max={36500} aria-label={t('admin.agreements.auditRetention')} aria-describedby={hint('auditRetentionDays')} value={v.auditRetentionDays} onChange={(e) => set({ auditRetentionDays: Number(e.target.value) })} />
      ))}
      <h2>{t('admin.agreements.quotas')}</h2>
      {setting('storageQuotaMiB', 'admin.agreements.storageQuota', (
        <>
          <input id={`${id}-quota`} type="number" min={0} aria-label={t('admin.agreements.storageQuota')} aria-describedby={`${hint('storageQuotaMiB')} ${id}-used`} value={v.storageQuotaMiB} onChange={(e) => set({ storageQuotaMiB: Number(e.target.value) })} />
          <p className="hint" id={`${id}-used`}>{props.usage ? t('admin.agreements.storageUsed', { size: formatSize(props.usage.storageUsedBytes), files: props.usage.files }) : t('common.loading')}</p>
        </>
      ))}
      {setting('maxMessageMiB', 'admin.agreements.maxMessage', (
        <input id={`${id}-max-message`} type="number" min={0} aria-label={t('admin.agreements.maxMessage')} aria-describedby={hint('maxMessageMiB')} value={v.maxMessageMiB} onChange={(e) => set({ maxMessageMiB: Number(e.target.value) })} />
      ))}
      <h2>{t('admin.agreements.gateway')}</h2>
      {setting('largeAttachmentMiB', 'admin.agreements.largeAttachment', (
        <input id={`${id}-large-attachment`} type="number" min={0} aria-label={t('admin.agreements.largeAttachment')} aria-describedby={hint('largeAttachmentMiB')} value={v.largeAttachmentMiB} onChange={(e) => set({ largeAttachmentMiB: Number(e.target.value) })} />
      ))}
      {setting('gatewayRegisteredFormat', 'admin.agreements.registeredFormat', (
        <Radio name={`${id}-registered-format`} value={v.gatewayRegisteredFormat} describedBy={hint('gatewayRegisteredFormat')} onChange={(gatewayRegisteredFormat) => set({ gatewayRegisteredFormat })}
          options={[['portal', t('admin.agreements.registeredPortal')], ['pdf', t('admin.agreements.registeredPdf')]]} />
      ))}
      {setting('gatewayNotifySender', 'admin.agreements.gatewayNotes', (
        <div className="checkbox">
          <input id={`${id}-notify-sender`} type="checkbox" checked={v.gatewayNotifySender} aria-describedby={hint('gatewayNotifySender')} onChange={(e) => set({ gatewayNotifySender: e.target.checked })} />
          <label htmlFor={`${id}-notify-sender`}>{t('admin.agreements.gatewayNotifySender')}</label>
        </div>
      ))}
      {setting('gatewayNotifyDownloads', 'admin.agreements.gatewayDownloads', (
        <div className="checkbox">
          <input id={`${id}-notify-downloads`} type="checkbox" checked={v.gatewayNotifyDownloads} aria-describedby={hint('gatewayNotifyDownloads')} onChange={(e) => set({ gatewayNotifyDownloads: e.target.checked })} />
          <label htmlFor={`${id}-notify-downloads`}>{t('admin.agreements.gatewayNotifyDownloads')}</label>
        </div>
      ))}
      {setting('gatewayReplyFormat', 'admin.agreements.replyFormat', (
        <Radio name={`${id}-reply-format`} value={v.gatewayReplyFormat} describedBy={hint('gatewayReplyFormat')} onChange={(gatewayReplyFormat) => set({ gatewayReplyFormat })}
          options={[['clear', t('admin.agreements.replyClear')], ['smime', t('admin.agreements.replySmime')]]} />
      ))}
      <h2>{t('admin.agreements.outlook')}</h2>
      {setting('addinSendingMode', 'admin.agreements.addinSendingMode', (
        <Radio name={`${id}-addin-mode`} value={v.addinSendingMode} describedBy={hint('addinSendingMode')} onChange={(addinSendingMode) => set({ addinSendingMode })}
          options={[['gateway', t('admin.agreements.addinGateway')], ['end-to-end', t('admin.agreements.addinEndToEnd')]]} />
      ))}
      {error !== null && <p className="alert alert-error" role="alert">{adminErrorText(error, t)}</p>}
      <div className="actions">
        <button type="submit" className="button-primary">{t('admin.common.save')}</button>
      </div>
    </form>
  );
}

export function AgreementsPage(): ReactNode {
  const { t } = useI18n();
  const loaded = useLoad(() => staffRequest<AgreementsView>('GET', '/api/org/agreements'), []);
  const usage = useLoad(() => staffRequest<Usage>('GET', '/api/org/agreements/usage'), []);
  const [view, setView] = useState<AgreementsView | null>(null);
  const current = view ?? loaded.data;
  const saved = view !== null;
  return (
    <section aria-labelledby="agreements-title">
      <h1 id="agreements-title">{t('admin.agreements.title')}</h1>
      <p>{t('admin.agreements.intro')}</p>
      {loaded.error !== null && <p className="alert alert-error" role="alert">{adminErrorText(loaded.error, t)}</p>}
      {/* Re-mounted after each save, so every control starts from the server's new effective values. */}
      {current ? <Form key={JSON.stringify(current)} view={current} usage={usage.data} onSaved={setView} /> : <p className="loading" role="status">{t('common.loading')}</p>}
      <div role="status">{saved && <p className="alert alert-success">{t('admin.agreements.saved')}</p>}</div>
      <NotificationDefaults />
    </section>
  );
}
