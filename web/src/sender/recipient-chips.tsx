// Recipients as chips: type or paste a list (comma, semicolon, space, newline), then per chip how the recipient
// proves who they are (SMS, access code, e-mail code — the weakest — or none if allowed) and the mail's language.
import { useEffect, useId, useRef, useState, type ClipboardEvent, type KeyboardEvent, type ReactNode } from 'react';
import type { ComposeInfo } from './agreed-info.ts';
import type { ServerInfo } from '../../../src/client/api-contract.ts';
import { isLang, languageNames, languages, useI18n, type Lang, type MessageKey } from '../i18n/index.ts';
import { CloseIcon } from '../shell/icons.tsx';
import { generateAccessCode } from '../../../src/client/access-code.ts';
import { splitAddresses } from './address-list.ts';
import { RememberedAccessCode } from './org-access-code.tsx';
import { openRemembered, type OpenedCode } from './org-code.ts';
import type { Method, RecipientDraft } from './send-engine.ts';
import { strongEnough } from '../../../src/core/agreements/min-verification.ts';
import type { MinVerification } from '../../../src/core/dlp/rule-set.ts';
import { useSenderAccess } from './sender-access.ts';
import { lookupAccount, type AccountLookup } from './account-lookup.ts';

export interface RecipientEntry extends RecipientDraft {
  /** Masked number remembered for this address (sms), e.g. "+49 ••• 4567". */
  rememberedPhone: string | null;
  /** Where the remembered choice comes from: the organisation's directory (staff) or this sender's last message. */
  rememberedFrom?: 'directory' | 'sender' | undefined;
  /** The remembered access code, opened on this page (org-code.ts), or 'unavailable' when this device cannot open it yet. */
  rememberedCode?: OpenedCode | undefined;
  /** Whether the address has an account whose key the key log vouches for (account-lookup.ts); unset while asking. */
  account?: AccountLookup | undefined;
}

interface Preference {
  method: Method;
  maskedPhone: string | null;
  lang: Lang;
  source: 'directory' | 'sender';
  codeSealed: string | null;
}

function rememberedHint(entry: RecipientEntry, t: ReturnType<typeof useI18n>['t']): string {
  if (!entry.rememberedPhone) return t('compose.phoneNeeded');
  return entry.rememberedFrom === 'directory'
    ? t('directory.compose.fromDirectory', { method: t('method.sms'), phone: entry.rememberedPhone })
    : t('compose.phoneRemembered', { phone: entry.rememberedPhone });
}

const methodLabel: Record<Method, MessageKey> = {
  account: 'method.account',
  sms: 'method.sms',
  code: 'method.code',
  email: 'method.email',
  none: 'method.none',
};

function RecipientSettings(props: { entry: RecipientEntry; info: ServerInfo; minimum?: MinVerification | undefined; onChange: (entry: RecipientEntry) => void }): ReactNode {
  const { t } = useI18n();
  const base = useId();
  const { entry } = props;
  const set = (patch: Partial<RecipientEntry>) => props.onChange({ ...entry, ...patch });
  return (
    <div className="recipient-settings">
      <fieldset>
        <legend>{t('compose.verification', { email: entry.email })}</legend>
        {(['account', 'sms', 'code', 'email', 'none'] as const).filter((m) => props.info.allowedMethods.includes(m) && (m !== 'account' || entry.account === 'registered')).map((m) => {
          // Weaker than a shown security notice allows: visible but unavailable, with the reason below.
          const tooWeak = props.minimum !== undefined && !strongEnough(m, props.minimum);
          return (
            <div className="radio" key={m}>
              {/* A method chosen here is the sender's own choice: it lifts the hold a failed key-log check put on the send. */}
              <input type="radio" id={`${base}-m-${m}`} name={`${base}-method`} checked={entry.method === m} disabled={tooWeak} aria-describedby={tooWeak ? `${base}-too-weak` : undefined} onChange={() => set({ method: m, ...(entry.account === 'failed' ? { account: undefined } : {}) })} />
              <label htmlFor={`${base}-m-${m}`}>{t(methodLabel[m])}</label>
            </div>
          );
        })}
        {props.minimum !== undefined && <p className="hint" id={`${base}-too-weak`}>{t('compose.noticeNeedsStrongMethod')}</p>}
      </fieldset>
      {entry.method === 'sms' && (
        <div className="field">
          <label htmlFor={`${base}-phone`}>{t('compose.phone')}</label>
          <input id={`${base}-phone`} type="tel" autoComplete="off" value={entry.phone} onChange={(e) => set({ phone: e.target.value })} aria-describedby={`${base}-phone-hint`} />
          <p className="hint" id={`${base}-phone-hint`}>
            {rememberedHint(entry, t)}
          </p>
        </div>
      )}
      {entry.method === 'code' && (
        <div className="field">
          <label htmlFor={`${base}-code`}>{t('compose.accessCode')}</label>
          <div className="inline-group">
            <input id={`${base}-code`} type="text" autoComplete="off" spellCheck={false} value={entry.accessCode} onChange={(e) => set({ accessCode: e.target.value })} aria-describedby={`${base}-code-hint`} />
            <button type="button" className="button-secondary" onClick={() => set({ accessCode: generateAccessCode() })}>{t('compose.generateCode')}</button>
          </div>
          <p className="hint" id={`${base}-code-hint`}>{t('compose.accessCodeHint')}</p>
        </div>
      )}
      {entry.method === 'code' && entry.rememberedCode && <RememberedAccessCode opened={entry.rememberedCode} from={entry.rememberedFrom} />}
      {entry.rememberedFrom === 'directory' && entry.method !== 'sms' && <p className="hint">{t('directory.compose.fromDirectoryNoPhone')}</p>}
      {entry.method === 'account' && <p className="hint">{t('compose.accountHint')}</p>}
      {entry.account === 'failed' && <p className="hint warning-text" role="alert">{t('compose.keyLogFailed', { email: entry.email })}</p>}
      {entry.method === 'email' && <p className="hint warning-text">{t('compose.emailWeak')}</p>}
      {entry.method === 'none' && <p className="hint warning-text">{t('compose.noneWarning')}</p>}
      <div className="field">
        <label htmlFor={`${base}-lang`}>{t('compose.recipientLanguage')}</label>
        <select id={`${base}-lang`} value={entry.lang} onChange={(e) => isLang(e.target.value) && set({ lang: e.target.value })}>
          {languages.map((l) => <option key={l} value={l}>{languageNames[l]}</option>)}
        </select>
      </div>
    </div>
  );
}

/** Opens a remembered access code and fills it in, unless the sender typed one meanwhile (docs/directory.md). */
async function fillRememberedCode(access: ReturnType<typeof useSenderAccess>, pref: Preference & { email: string }, onChange: (update: (prev: RecipientEntry[]) => RecipientEntry[]) => void): Promise<void> {
  const code = await openRemembered(access, pref);
  if (code === null) return;
  onChange((prev) => prev.map((r) => (r.email !== pref.email ? r : { ...r, rememberedCode: code, ...(code.state === 'open' && r.accessCode === '' ? { accessCode: code.code } : {}) })));
}

export function RecipientChips(props: {
  info: ComposeInfo;
  minimum?: MinVerification | undefined;
  value: RecipientEntry[];
  onChange: (update: (prev: RecipientEntry[]) => RecipientEntry[]) => void;
  /** An address to add on first show (answer securely), looked up like a typed one. */
  prefill?: string | undefined;
}): ReactNode {
  const { t, lang } = useI18n();
  const access = useSenderAccess();
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState<string[]>([]);
  const inputId = useId();
  const listId = useId();

  const defaultMethod: Method = props.info.allowedMethods.includes(props.info.defaultMethod) ? props.info.defaultMethod : (props.info.allowedMethods[0] ?? 'email');

  const add = (raw: string) => {
    const { valid, invalid: bad } = splitAddresses(raw);
    setInvalid(bad);
    setText(bad.join(', '));
    const fresh = valid.filter((v) => !props.value.some((r) => r.email === v));
    if (fresh.length === 0) return;
    const added: RecipientEntry[] = fresh.map((email) => ({ email, method: defaultMethod, phone: '', accessCode: '', lang: props.info.orgLanguage ?? lang, rememberedPhone: null }));
    props.onChange((prev) => [...prev, ...added.filter((a) => !prev.some((r) => r.email === a.email))]);
    for (const entry of added) {
      // The organisation's directory (staff: the strongest method on file) or this sender's last choice for this
      // address (method, number, language) is the sensible default; the sender can change it.
      // A registered recipient (the key log vouches for their key) goes on "Account (strongest)" whatever was remembered.
      const preference = access.api.request<Preference>('GET', `/api/sender/recipient-preferences?email=${encodeURIComponent(entry.email)}`, { token: access.token }).catch(() => undefined);
      void Promise.all([preference, lookupAccount(access, entry.email)]).then(async ([pref, account]) => {
        const accountAllowed = account === 'registered' && props.info.allowedMethods.includes('account');
        const remembered = pref && props.info.allowedMethods.includes(pref.method) ? pref.method : entry.method;
        const method = accountAllowed ? 'account' : remembered;
        const found = pref ? { lang: pref.lang, rememberedPhone: pref.maskedPhone, rememberedFrom: pref.source } : {};
        props.onChange((prev) => prev.map((r) => (r.email === entry.email ? { ...r, ...found, method, account } : r)));
        // A remembered access code is opened and filled in too, ready if the sender switches to the code method.
        if (pref) await fillRememberedCode(access, { ...pref, email: entry.email }, props.onChange);
      }).catch(() => undefined);
    }
  };

  // Added like a typed address, so the directory, the sender's memory and the key log choose the verification.
  const prefilled = useRef(false);
  useEffect(() => {
    if (prefilled.current || !props.prefill) return;
    prefilled.current = true;
    add(props.prefill);
    // Once, on first show only: `add` and the prop are read as they are then.
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (['Enter', ',', ';'].includes(event.key) || (event.key === ' ' && text.includes('@'))) {
      if (text.trim() === '') return;
      event.preventDefault();
      add(text);
    } else if (event.key === 'Backspace' && text === '' && props.value.length > 0) {
      props.onChange((prev) => prev.slice(0, -1));
    }
  };
  const onPaste = (event: ClipboardEvent<HTMLInputElement>) => {
    const pasted = event.clipboardData.getData('text');
    if (/[\s,;]/.test(pasted.trim())) {
      event.preventDefault();
      add(`${text} ${pasted}`);
    }
  };
  const update = (entry: RecipientEntry) => props.onChange((prev) => prev.map((r) => (r.email === entry.email ? entry : r)));

  return (
    <div className="recipients">
      <label htmlFor={inputId}>{t('compose.recipients')}</label>
      {props.value.length > 0 && (
        <ul className="chips" id={listId} aria-label={t('compose.recipientList')}>
          {props.value.map((r) => (
            <li key={r.email} className="chip">
              <details>
                <summary>
                  <span className="chip-email">{r.email}</span>
                  <span className={`chip-method method-${r.method}`}>{t(methodLabel[r.method])}</span>
                </summary>
                <RecipientSettings entry={r} info={props.info} minimum={props.minimum} onChange={update} />
              </details>
              <button type="button" className="chip-remove" aria-label={t('compose.removeRecipient', { email: r.email })} onClick={() => props.onChange((prev) => prev.filter((x) => x.email !== r.email))}><CloseIcon /></button>
            </li>
          ))}
        </ul>
      )}
      <input
        id={inputId} type="text" inputMode="email" autoComplete="off" spellCheck={false} value={text}
        placeholder={t('compose.recipientsPlaceholder')} aria-describedby={`${inputId}-hint`}
        onChange={(e) => setText(e.target.value)} onKeyDown={onKeyDown} onPaste={onPaste} onBlur={() => text.trim() && add(text)}
      />
      <p className="hint" id={`${inputId}-hint`}>{t('compose.recipientsHint')}</p>
      {invalid.length > 0 && <p className="alert alert-error" role="alert">{t('compose.invalidAddresses', { list: invalid.join(', ') })}</p>}
    </div>
  );
}
