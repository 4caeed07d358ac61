// The recipient's pages for `/r/:rid#secret`: landing and verification, the opened message (read, download,
// reply), and the pages a visit can end on (withdrawn, expired, locked, not found, altered, incomplete link).
// Secrets (link secret, message key, access token) live only in this component's memory.
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useRecipientI18n } from './use-recipient-i18n.ts';
import { createRecipientApi, type RecipientLanding } from './api.ts';
import { createLazyCipher } from './cipher-pool.ts';
import { EndPage, type EndPageState } from './end-page.tsx';
import { endStateOf, errorText, type EndState } from './error-text.ts';
import { takeLinkSecret } from './link-secret.ts';
import { MessageView } from './message-view.tsx';
import type { OpenedMessage } from './open-message.ts';
import { createStreamSaver } from './save-stream.ts';
import { VerifyPanel } from './verify-panel.tsx';
import { RegisterOffer } from '../inbox/register-offer.tsx';
import './recipient.css';

type Phase =
  | { kind: 'loading' }
  | { kind: 'landing'; landing: RecipientLanding }
  | { kind: 'opened'; landing: RecipientLanding; opened: OpenedMessage }
  | { kind: 'end'; state: EndPageState; landing?: RecipientLanding };

/** While the message is open, look for a recall or expiry this often (a download also notices at once). */
const STATE_POLL_MS = 15_000;

// Read once per page load: StrictMode may run initialisers twice, and the fragment is gone after the first read.
let secretOfThisLoad: { path: string; secret: string | undefined } | undefined;
function linkSecretOnce(): string | undefined {
  if (!secretOfThisLoad || secretOfThisLoad.path !== window.location.pathname || window.location.hash !== '') {
    secretOfThisLoad = { path: window.location.pathname, secret: takeLinkSecret() };
  }
  return secretOfThisLoad.secret;
}

function endFromLanding(landing: RecipientLanding): EndState | undefined {
  if (landing.state === 'withdrawn') return { kind: 'withdrawn' };
  if (landing.state === 'expired') return { kind: 'expired' };
  if (landing.state === 'locked') return { kind: 'locked', lockedUntil: landing.lockedUntil };
  return undefined;
}

export function RecipientApp(props: { recipientId: string }): ReactNode {
  const i18n = useRecipientI18n();
  const { t } = i18n;
  const [linkSecret] = useState(linkSecretOnce);
  const api = useMemo(() => createRecipientApi(props.recipientId), [props.recipientId]);
  const cipher = useMemo(() => createLazyCipher(), []);
  const saver = useMemo(() => createStreamSaver(), []);
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => () => cipher.close(), [cipher]);

  // Landing: what the link leads to. Without the secret nothing can be opened, but the state is still worth showing.
  useEffect(() => {
    let cancelled = false;
    api.landing().then(
      (landing) => {
        if (cancelled) return;
        const end = endFromLanding(landing);
        if (end) setPhase({ kind: 'end', state: end, landing });
        else if (!linkSecret) setPhase({ kind: 'end', state: { kind: 'noSecret' }, landing });
        else setPhase({ kind: 'landing', landing });
      },
      (error: unknown) => {
        if (cancelled) return;
        setPhase({ kind: 'end', state: endStateOf(error) ?? { kind: 'failed', text: errorText(i18n, error) } });
      },
    );
    return () => {
      cancelled = true;
    };
    // i18n only formats the error text; a language switch must not reload the landing, so it is not a dependency.
  }, [api, linkSecret, attempt]);

  const end = useCallback((state: EndState) => {
    setPhase((current) => ({ kind: 'end', state, ...(current.kind === 'landing' || current.kind === 'opened' ? { landing: current.landing } : {}) }));
  }, []);

  // While the message is open, a recall or expiry by the sender replaces it with the matching page.
  const opened = phase.kind === 'opened';
  useEffect(() => {
    if (!opened) return undefined;
    const check = () => {
      api.landing().then((landing) => {
        const gone = endFromLanding(landing);
        if (gone) end(gone);
      }, () => undefined);
    };
    const timer = setInterval(check, STATE_POLL_MS);
    const onVisible = () => document.visibilityState === 'visible' && check();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [opened, api, end]);

  switch (phase.kind) {
    case 'loading':
      return <p className="rp-loading" role="status">{t('recipient.loading')}</p>;
    case 'landing':
      return (
        <div className="rp-page">
          <VerifyPanel api={api} landing={phase.landing} linkSecret={linkSecret ?? ''} onOpened={(o) => setPhase({ kind: 'opened', landing: phase.landing, opened: o })} onEnd={end} />
        </div>
      );
    case 'opened':
      return (
        <div className="rp-page">
          <MessageView api={api} opened={phase.opened} cipher={() => cipher.get()} saver={saver} onEnd={end} />
          <RegisterOffer email={phase.landing.email} />
        </div>
      );
    case 'end':
      return (
        <div className="rp-page">
          <EndPage
            state={phase.state}
            sender={phase.landing?.senderEmail}
            expiresAt={phase.landing?.expiresAt}
            onRetry={() => {
              setPhase({ kind: 'loading' });
              setAttempt((n) => n + 1);
            }}
          />
        </div>
      );
  }
}
