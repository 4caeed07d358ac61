// The compose placeholder: the "send securely" toggle, its state visible at a glance, stored on the item
// (src/secure-flag.ts), and, once signed in, the verification menu per recipient (verification-menu.tsx).
import { lazy, Suspense, useEffect, useId, useState } from 'react';
import type { AddinLang, AddinTranslate } from './i18n.ts';
import type { MailboxItem } from './office.ts';
import { readSecureFlag, writeSecureFlag } from './secure-flag.ts';
import { storedSession } from './session.ts';
import { LargeAttachmentsCard } from './large-attachments-card.tsx';
import { VerificationMenu } from './verification-menu.tsx';
import { WritingNotices } from './writing-notices.tsx';
import type { SendingMode } from './sending-mode.ts';

// The send pipeline (crypto, uploads) loads only when a message is to go end to end: most panes never need it.
const SecureSendPanel = lazy(() => import('./secure-send-panel.tsx').then((m) => ({ default: m.SecureSendPanel })));

export function ComposeView(props: { t: AddinTranslate; lang: AddinLang; item: MailboxItem; mode: SendingMode }) {
  const { t, lang, item, mode } = props;
  const [secure, setSecure] = useState<boolean | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const id = useId();
  // Read once: the menu needs the add-in's token (signing in later shows it the next time the pane opens).
  const [session] = useState(() => storedSession());

  useEffect(() => {
    readSecureFlag(item).then(setSecure, (e: Error) => {
      setSecure(false);
      setError(e.message);
    });
  }, [item]);

  async function change(next: boolean): Promise<void> {
    setError(undefined);
    try {
      await writeSecureFlag(item, next, mode);
      setSecure(next);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <>
    <section className={`addin-card addin-secure ${secure ? 'is-on' : 'is-off'}`} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('compose.heading')}</h2>
      <label className="addin-toggle" htmlFor={id}>
        <input id={id} type="checkbox" role="switch" checked={secure === true} disabled={secure === undefined} onChange={(e) => void change(e.currentTarget.checked)} />
        <span>{t('compose.toggle')}</span>
      </label>
      <p role="status" data-testid="secure-state">{secure ? t('compose.on') : t('compose.off')}</p>
      {secure && mode === 'gateway' ? <p className="muted">{t('compose.gateway')}</p> : null}
      {error ? <p role="alert" className="error">{t('compose.saveFailed', { reason: error })}</p> : null}
    </section>
    {session ? <WritingNotices t={t} lang={lang} item={item} session={session} secure={secure === true} onSendSecurely={() => void change(true)} /> : null}
    {session ? <VerificationMenu t={t} item={item} token={session.token} /> : null}
    {session && secure !== undefined && !(secure && mode === 'end-to-end') ? <LargeAttachmentsCard t={t} lang={lang} item={item} session={session} /> : null}
    {secure && mode === 'end-to-end' ? (
      session ? <Suspense fallback={null}><SecureSendPanel t={t} lang={lang} item={item} session={session} /></Suspense> : <p className="addin-card">{t('e2e.signIn')}</p>
    ) : null}
    </>
  );
}
