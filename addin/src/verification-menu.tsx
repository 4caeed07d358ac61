// The verification menu per recipient in the compose pane: for each To/Cc address, how the recipient will verify
// (preset to what the organisation's directory or the sender's last message remembers, among the methods the
// agreements allow), a phone field for SMS and the notification language; every change is stored on the item
// (recipient-choices.ts). Recipients added or removed in Outlook after the pane opened follow Outlook's
// RecipientsChanged event (Mailbox 1.7); "Refresh" stays for clients without it.
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { AddinTranslate } from './i18n.ts';
import { onItemEvent } from './item-events.ts';
import type { MailboxItem } from './office.ts';
import {
  loadSenderChoices, notificationLangs, recipientsOf, rememberedChoice, storeChoices, storedChoices, toStored, TooManyChoices, withStored,
  type NotificationLang, type RecipientChoice, type SenderChoices, type VerificationMethod,
} from './recipient-choices.ts';

/** `kept`: the user chose this here (now or earlier), so it is stored on the item; the others are defaults. */
type Rows = { email: string; choice: RecipientChoice; kept: boolean }[];

function Row(props: { t: AddinTranslate; email: string; choice: RecipientChoice; allowed: VerificationMethod[]; onChange: (next: RecipientChoice) => void }) {
  const { t, email, choice, allowed, onChange } = props;
  const id = useId();
  return (
    <fieldset className="addin-recipient" data-testid="recipient-row">
      <legend>{email}</legend>
      <label htmlFor={`${id}-m`}>{t('verify.method')}</label>
      <select id={`${id}-m`} value={choice.method} onChange={(e) => onChange({ ...choice, method: e.currentTarget.value as VerificationMethod })}>
        {allowed.map((m) => <option key={m} value={m}>{t(`method.${m}`)}</option>)}
      </select>
      {choice.rememberedFrom ? <p className="muted">{t(choice.rememberedFrom === 'directory' ? 'verify.fromDirectory' : 'verify.fromSender')}</p> : null}
      {choice.method === 'sms' ? (
        <>
          <label htmlFor={`${id}-p`}>{t('verify.phone')}</label>
          <input id={`${id}-p`} type="tel" autoComplete="off" value={choice.phone} placeholder={choice.maskedPhone ?? '+49 …'} onChange={(e) => onChange({ ...choice, phone: e.currentTarget.value })} />
          {choice.maskedPhone ? <p className="muted">{t('verify.knownPhone', { phone: choice.maskedPhone })}</p> : null}
        </>
      ) : null}
      <label htmlFor={`${id}-l`}>{t('verify.lang')}</label>
      <select id={`${id}-l`} value={choice.lang} onChange={(e) => onChange({ ...choice, lang: e.currentTarget.value as NotificationLang })}>
        {notificationLangs.map((l) => <option key={l} value={l}>{t(`lang.${l}`)}</option>)}
      </select>
    </fieldset>
  );
}

export function VerificationMenu(props: { t: AddinTranslate; item: MailboxItem; token: string }) {
  const { t, item, token } = props;
  const [choices, setChoices] = useState<SenderChoices | undefined>(undefined);
  const [rows, setRows] = useState<Rows>([]);
  const [error, setError] = useState<string | undefined>(undefined);
  const [saved, setSaved] = useState(false);
  const headingId = useId();
  // What the server remembers per address, asked once per pane: recipients change often while writing, memory does not.
  const remembered = useRef(new Map<string, Promise<RecipientChoice>>());
  const rememberedOnce = (email: string, sender: SenderChoices): Promise<RecipientChoice> => {
    let found = remembered.current.get(email);
    if (!found) remembered.current.set(email, (found = rememberedChoice(email, token, sender)));
    return found;
  };

  const load = useCallback(async () => {
    setError(undefined);
    try {
      const sender = choices ?? (await loadSenderChoices(token));
      setChoices(sender);
      const [emails, stored] = await Promise.all([recipientsOf(item), storedChoices(item)]);
      const next = await Promise.all(emails.map(async (email) => ({ email, choice: withStored(await rememberedOnce(email, sender), stored[email]), kept: email in stored })));
      setRows(next);
    } catch (e) {
      setError(t('verify.failed', { reason: (e as Error).message }));
    }
  }, [choices, item, token]);

  // The event handler is registered once; it calls the latest load (which holds the latest sender choices).
  const latestLoad = useRef(load);
  latestLoad.current = load;
  useEffect(() => {
    void latestLoad.current();
    return onItemEvent(item, 'RecipientsChanged', () => void latestLoad.current());
  }, [item]);

  async function change(email: string, choice: RecipientChoice): Promise<void> {
    const next = rows.map((r) => (r.email === email ? { email, choice, kept: true } : r));
    setRows(next);
    setSaved(false);
    try {
      await storeChoices(item, Object.fromEntries(next.filter((r) => r.kept).map((r) => [r.email, toStored(r.choice)])));
      setError(undefined);
      setSaved(true);
    } catch (e) {
      setError(e instanceof TooManyChoices ? t('verify.tooMany') : t('verify.failed', { reason: (e as Error).message }));
    }
  }

  return (
    <section className="addin-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('verify.heading')}</h2>
      {rows.length === 0 && !error ? <p className="muted">{t('verify.none')}</p> : null}
      {choices ? rows.map((r) => <Row key={r.email} t={t} email={r.email} choice={r.choice} allowed={choices.allowedMethods} onChange={(c) => void change(r.email, c)} />) : null}
      <button type="button" className="secondary" onClick={() => void load()}>{t('verify.refresh')}</button>
      <p role="status" className="muted">{saved ? t('verify.saved') : ''}</p>
      {error ? <p role="alert" className="error">{error}</p> : null}
    </section>
  );
}
