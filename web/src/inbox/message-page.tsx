// /inbox/m/:rid: one message sent to the account, opened with the key unlocked at sign-in (no code to type), and
// shown with the recipient pages' own message view — read, download one file or all as a ZIP, reply — over the
// recipient session the open answered, so downloads and replies use the existing recipient routes.
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link } from '../shell/router.ts';
import { useI18n } from '../i18n/index.ts';
import { createRecipientApi } from '../recipient/api.ts';
import { createLazyCipher } from '../recipient/cipher-pool.ts';
import { EndPage, type EndPageState } from '../recipient/end-page.tsx';
import { endStateOf, type EndState } from '../recipient/error-text.ts';
import { MessageView } from '../recipient/message-view.tsx';
import type { OpenedMessage } from '../recipient/open-message.ts';
import { createStreamSaver } from '../recipient/save-stream.ts';
import '../recipient/recipient.css';
import { inboxErrorText } from './error-text.ts';
import { endIfSessionGone, type InboxSession } from './inbox-session.ts';
import { openAccountMessage } from './open-account-message.ts';

type Phase = { kind: 'opening' } | { kind: 'opened'; opened: OpenedMessage } | { kind: 'end'; state: EndPageState };

export function MessagePage(props: { session: InboxSession; recipientId: string }): ReactNode {
  const { t } = useI18n();
  const api = useMemo(() => createRecipientApi(props.recipientId), [props.recipientId]);
  const cipher = useMemo(() => createLazyCipher(), []);
  const saver = useMemo(() => createStreamSaver(), []);
  const [phase, setPhase] = useState<Phase>({ kind: 'opening' });
  const { token, identity } = props.session;
  useEffect(() => () => cipher.close(), [cipher]);
  useEffect(() => {
    let cancelled = false;
    openAccountMessage({ token, recipientId: props.recipientId, accountIdentity: identity }).then(
      (opened) => !cancelled && setPhase({ kind: 'opened', opened }),
      (error: unknown) => !cancelled && !endIfSessionGone(token, error) && setPhase({ kind: 'end', state: endStateOf(error) ?? { kind: 'failed', text: inboxErrorText(error, t) } }),
    );
    return () => {
      cancelled = true;
    };
    // The message opens once per visit; a language switch must not open it again (t only formats the error).
  }, [token, identity, props.recipientId]);
  const end = useCallback((state: EndState) => setPhase({ kind: 'end', state }), []);
  return (
    <div className="rp-page">
      <p><Link to="/inbox">{t('inbox.message.back')}</Link></p>
      {phase.kind === 'opening' && <p className="rp-loading" role="status">{t('inbox.message.opening')}</p>}
      {phase.kind === 'opened' && <MessageView api={api} opened={phase.opened} cipher={() => cipher.get()} saver={saver} onEnd={end} />}
      {phase.kind === 'end' && <EndPage state={phase.state} />}
    </div>
  );
}
