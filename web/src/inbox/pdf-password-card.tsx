// The inbox's "Password for PDF mails" card (docs/gateway/pdf.md): the gateway may deliver this recipient's mail as an
// encrypted PDF that opens with this password. The browser computes the PDF revision 6 values (U, K_UE) from it with
// src/crypto/pdf-r6.ts (two fast hashes, no worker needed) and sends only those; the password never leaves the page.
// It must differ from the inbox password, which this page does not hold after sign-in, so the advice says it.
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import { inboxErrorText } from './error-text.ts';
import { inboxApi } from './inbox-api.ts';
import { endIfSessionGone, type InboxSession } from './inbox-session.ts';

const pdfCrypto = () => import('../../../src/crypto/pdf-r6.ts');
const bytes = () => import('../../../src/crypto/bytes.ts');
const MIN_LENGTH = 12;

export function PdfPasswordCard(props: { session: InboxSession }): ReactNode {
  const { t } = useI18n();
  const { token } = props.session;
  const [isSet, setIsSet] = useState<boolean | null>(null);
  const [editing, setEditing] = useState(false);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const ids = { title: useId(), password: useId(), repeat: useId(), advice: useId() };
  useEffect(() => {
    let cancelled = false;
    inboxApi.me(token).then(
      (answer) => !cancelled && setIsSet(answer.account.pdfPassword),
      (e: unknown) => !cancelled && !endIfSessionGone(token, e) && setError(inboxErrorText(e, t)),
    );
    return () => {
      cancelled = true;
    };
  }, [token]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    if ([...password].length < MIN_LENGTH) return setError(t('inbox.pdf.tooShort'));
    if (password !== repeat) return setError(t('inbox.pdf.mismatch'));
    setBusy(true);
    setError(null);
    try {
      const [{ pdfPasswordMaterial }, { toBase64Url }] = await Promise.all([pdfCrypto(), bytes()]);
      let material;
      try {
        material = pdfPasswordMaterial(password);
      } catch {
        setBusy(false);
        return setError(t('inbox.pdf.invalid'));
      }
      await inboxApi.setPdfPassword(token, { u: toBase64Url(material.u), ueKey: toBase64Url(material.ueKey) });
      material.ueKey.fill(0);
      setIsSet(true);
      setEditing(false);
      setPassword('');
      setRepeat('');
      setNotice(t('inbox.pdf.saved'));
    } catch (e) {
      if (!endIfSessionGone(token, e)) setError(inboxErrorText(e, t));
    }
    setBusy(false);
  };

  const remove = async () => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await inboxApi.removePdfPassword(token);
      setIsSet(false);
      setNotice(t('inbox.pdf.removed'));
    } catch (e) {
      if (!endIfSessionGone(token, e)) setError(inboxErrorText(e, t));
    }
    setBusy(false);
  };

  return (
    <section className="card" aria-labelledby={ids.title} data-testid="pdf-password-card">
      <h2 id={ids.title}>{t('inbox.pdf.title')}</h2>
      <p>{t('inbox.pdf.intro')}</p>
      {isSet !== null && <p role="status">{isSet ? t('inbox.pdf.isSet') : t('inbox.pdf.notSet')}</p>}
      {notice && <p className="alert alert-success" role="status">{notice}</p>}
      {error && <p className="alert alert-error" role="alert">{error}</p>}
      {editing ? (
        <form onSubmit={(e) => void save(e)} noValidate>
          <p id={ids.advice} className="hint">{t('inbox.pdf.advice')}</p>
          <div className="field">
            <label htmlFor={ids.password}>{t('inbox.pdf.new')}</label>
            <input id={ids.password} type="password" autoComplete="new-password" value={password} aria-describedby={ids.advice} onChange={(e) => setPassword(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={ids.repeat}>{t('inbox.pdf.repeat')}</label>
            <input id={ids.repeat} type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} />
          </div>
          <div className="actions">
            <button type="submit" className="button-primary" disabled={busy}>{busy ? t('inbox.pdf.saving') : t('inbox.pdf.save')}</button>
          </div>
        </form>
      ) : (
        isSet !== null && (
          <div className="actions">
            <button type="button" className="button-secondary" disabled={busy} onClick={() => setEditing(true)}>{isSet ? t('inbox.pdf.change') : t('inbox.pdf.save')}</button>
            {isSet && <button type="button" className="button-secondary" disabled={busy} onClick={() => void remove()}>{t('inbox.pdf.remove')}</button>}
          </div>
        )
      )}
    </section>
  );
}
