// The task pane's entry: waits for Office.js, picks the language from Outlook's display language, and shows the
// sign-in state and the view for the current item (compose: the toggle; read: a placeholder).
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { languageOf, translator, type AddinLang, type AddinTranslate } from './i18n.ts';
import { ComposeView } from './compose-view.tsx';
import { ReadView } from './read-view.tsx';
import type { MailboxItem } from './office.ts';
import { cachedSendingMode, refreshSendingMode, type SendingMode } from './sending-mode.ts';
import { storedSession, storeSession } from './session.ts';
import { SignInCard } from './sign-in-card.tsx';

/** A compose item exposes internetHeaders and async getters; a read item has plain values. */
function isCompose(item: MailboxItem): boolean {
  return typeof item.subject === 'object' && item.internetHeaders !== undefined;
}

function TaskPane(props: { t: AddinTranslate; lang: AddinLang; item: MailboxItem | undefined }) {
  const { t, lang, item } = props;
  // The last known mode at once, then the organisation's current choice (also cached for the send handler).
  const [mode, setMode] = useState<SendingMode>(() => cachedSendingMode());
  useEffect(() => {
    const session = storedSession();
    if (session) void refreshSendingMode(session.token).then(setMode);
    // A session signed in before it was shared reaches OfficeRuntime.storage (the Windows Send handler) this way.
    if (session) storeSession(session);
  }, []);
  return (
    <main className="addin">
      <h1>{t('app.title')}</h1>
      <SignInCard t={t} />
      {item && isCompose(item) ? (
        <ComposeView t={t} lang={lang} item={item} mode={mode} />
      ) : (
        <ReadView t={t} item={item} />
      )}
    </main>
  );
}

function Outside(props: { t: AddinTranslate }) {
  return (
    <main className="addin">
      <h1>{props.t('outside.heading')}</h1>
      <p>{props.t('outside.explain')}</p>
    </main>
  );
}

const root = document.getElementById('root');
if (root) {
  const office = globalThis.Office;
  const render = (node: React.ReactNode, lang: string) => {
    document.documentElement.lang = lang;
    createRoot(root).render(<StrictMode>{node}</StrictMode>);
  };
  if (!office) {
    const lang = languageOf(navigator.language);
    render(<Outside t={translator(lang)} />, lang);
  } else {
    void office.onReady().then(() => {
      const lang = languageOf(office.context.displayLanguage);
      render(<TaskPane t={translator(lang)} lang={lang} item={office.context.mailbox?.item} />, lang);
    });
  }
}
