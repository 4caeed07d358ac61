// The inbox's passkeys (docs/recipient-inbox.md "Passkeys"): list, add, remove. Adding wraps the key this page holds
// under the new passkey's PRF output, so the passkey alone opens the inbox later; an authenticator without PRF is
// refused here with a sentence saying why. The server wants a sign-in within 10 minutes or the password again: the
// password field appears only when it asks (SP_ERR_REAUTH_REQUIRED).
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { errorCode } from '../api/error-text.ts';
import { createPasskey, webAuthnAvailable } from '../account/passkey-webauthn.ts';
import { useI18n, type Translate } from '../i18n/index.ts';
import type { RecipientPasskey } from '../../../src/client/recipient-account-api.ts';
import { wrapAccountKeyForPasskey } from './account-key.ts';
import { inboxErrorText } from './error-text.ts';
import { inboxApi } from './inbox-api.ts';
import { endIfSessionGone, type InboxSession } from './inbox-session.ts';

class NoPrf extends Error {}

function passkeyErrorText(e: unknown, t: Translate): string {
  if (e instanceof NoPrf) return t('inbox.passkey.noPrf');
  if (e instanceof Error && (e.name === 'NotAllowedError' || e.name === 'AbortError')) return t('inbox.passkey.cancelled');
  return inboxErrorText(e, t);
}

async function addPasskey(session: InboxSession, name: string, password: string | undefined): Promise<RecipientPasskey> {
  const { attemptId, options } = await inboxApi.passkeyRegistrationOptions<Parameters<typeof createPasskey>[0]>(session.token, password);
  const { response, prf } = await createPasskey(options);
  // Without PRF the passkey could sign in but never open the key: refused before anything is stored.
  if (!prf) throw new NoPrf();
  const prfWrap = await wrapAccountKeyForPasskey(session.identity, prf, response.id);
  return inboxApi.addPasskey(session.token, { attemptId, response, name, prfWrap });
}

function useForm(onDone: (message: string) => void) {
  const { t } = useI18n();
  const [needsPassword, setNeedsPassword] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (token: string, action: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    try {
      onDone(await action());
      setNeedsPassword(false);
    } catch (e) {
      if (endIfSessionGone(token, e)) return;
      if (errorCode(e) === 'SP_ERR_REAUTH_REQUIRED') {
        setNeedsPassword(true);
        setError(t('inbox.passkey.passwordNeeded'));
      } else setError(passkeyErrorText(e, t));
    } finally {
      setBusy(false);
    }
  };
  return { needsPassword, busy, error, run };
}

function PasskeyRow(props: { session: InboxSession; passkey: RecipientPasskey; onChanged: (message: string) => void }): ReactNode {
  const { t, formatDate } = useI18n();
  const { passkey, session } = props;
  const [password, setPassword] = useState('');
  const form = useForm(props.onChanged);
  const passwordId = useId();
  const remove = (event: FormEvent) => {
    event.preventDefault();
    void form.run(session.token, async () => {
      await inboxApi.removePasskey(session.token, passkey.id, form.needsPassword ? password : undefined);
      return t('inbox.passkey.removed', { name: passkey.name });
    });
  };
  return (
    <li className="sent-item" data-testid="inbox-passkey">
      <div className="sent-main">
        <p className="sent-subject">{passkey.name}</p>
        <p className="hint">{t('inbox.passkey.added', { date: formatDate(passkey.createdAt) })}{passkey.lastUsedAt && <> · {t('inbox.passkey.lastUsed', { date: formatDate(passkey.lastUsedAt) })}</>}</p>
        {form.error && <p className="alert alert-error" role="alert">{form.error}</p>}
      </div>
      <form onSubmit={remove}>
        {form.needsPassword && (
          <div className="field">
            <label htmlFor={passwordId}>{t('inbox.signIn.password')}</label>
            <input id={passwordId} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          </div>
        )}
        <button type="submit" className="button-secondary" disabled={form.busy} aria-label={t('inbox.passkey.removeLabel', { name: passkey.name })}>{t('inbox.passkey.remove')}</button>
      </form>
    </li>
  );
}

function AddPasskey(props: { session: InboxSession; onAdded: (message: string) => void }): ReactNode {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const form = useForm(props.onAdded);
  const ids = { name: useId(), password: useId() };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void form.run(props.session.token, async () => {
      const added = await addPasskey(props.session, name.trim() || 'Passkey', form.needsPassword ? password : undefined);
      setName('');
      setPassword('');
      return t('inbox.passkey.done', { name: added.name });
    });
  };
  return (
    <form onSubmit={submit} aria-labelledby="inbox-passkey-add">
      <h3 id="inbox-passkey-add">{t('inbox.passkey.addHeading')}</h3>
      <div className="field">
        <label htmlFor={ids.name}>{t('inbox.passkey.name')}</label>
        <input id={ids.name} type="text" autoComplete="off" maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      {form.needsPassword && (
        <div className="field">
          <label htmlFor={ids.password}>{t('inbox.signIn.password')}</label>
          <input id={ids.password} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
      )}
      {form.error && <p className="alert alert-error" role="alert">{form.error}</p>}
      {form.busy && <p role="status">{t('inbox.passkey.working')}</p>}
      <div className="actions"><button type="submit" className="button-primary" disabled={form.busy}>{t('inbox.passkey.add')}</button></div>
    </form>
  );
}

export function PasskeyPanel(props: { session: InboxSession }): ReactNode {
  const { t } = useI18n();
  const [items, setItems] = useState<RecipientPasskey[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const { token } = props.session;
  useEffect(() => {
    inboxApi.passkeys(token).then((answer) => setItems(answer.items), (e: unknown) => endIfSessionGone(token, e));
  }, [token, version]);
  const changed = (text: string) => {
    setMessage(text);
    setVersion((v) => v + 1);
  };
  return (
    <section className="card" aria-labelledby="inbox-passkeys-title">
      <h2 id="inbox-passkeys-title">{t('inbox.passkey.title')}</h2>
      <p>{t('inbox.passkey.intro')}</p>
      {message && <p className="alert alert-success" role="status">{message}</p>}
      {items && items.length > 0 && <ul className="sent-list" aria-label={t('inbox.passkey.title')}>{items.map((p) => <PasskeyRow key={p.id} session={props.session} passkey={p} onChanged={changed} />)}</ul>}
      {items?.length === 0 && <p className="hint">{t('inbox.passkey.none')}</p>}
      {webAuthnAvailable() ? <AddPasskey session={props.session} onAdded={changed} /> : <p className="hint">{t('inbox.passkey.unsupported')}</p>}
    </section>
  );
}
