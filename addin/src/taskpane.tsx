// The task pane's entry: waits for Office.js, picks the language from Outlook's display language, and shows the
// sign-in state and the view for the current item (compose: the toggle; read: a placeholder).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { languageOf, translator, type AddinTranslate } from './i18n.ts';
import { ComposeView } from './compose-view.tsx';
import { ReadView } from './read-view.tsx';
import type { MailboxItem } from './office.ts';
import { sendingMode } from './sending-mode.ts';
import { SignInCard } from './sign-in-card.tsx';

/** A compose item exposes internetHeaders and async getters; a read item has plain values. */
function isCompose(item: MailboxItem): boolean {
  return typeof item.subject === 'object' && item.internetHeaders !== undefined;
}

function TaskPane(props: { t: AddinTranslate; item: MailboxItem | undefined }) {
  const { t, item } = props;
  return (
    <main className="addin">
      <h1>{t('app.title')}</h1>
      <SignInCard t={t} />
      {item && isCompose(item) ? (
        <ComposeView t={t} item={item} mode={sendingMode()} />
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
      render(<TaskPane t={translator(lang)} item={office.context.mailbox?.item} />, lang);
    });
  }
}
