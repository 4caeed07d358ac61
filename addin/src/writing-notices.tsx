// Security notices while writing (issue 15): the organisation's rules run in the pane over the draft as the user writes,
// with the engine the Send handler uses (send-notices.ts: readDraft, noticesFor), so what Send would stop is visible
// before Send. The rules and agreements are fetched once per pane; the draft never leaves the device. Scans on opening,
// when recipients or attachments change (Outlook's events) and when the subject or body changed (draft-watch.ts).
// A `required` notice offers to turn "Send securely" on: the toggle lives in compose-view.tsx, passed in as a callback.
import { useEffect, useId, useState } from 'react';
import { renderNotice } from '../../src/core/dlp/render-notice.ts';
import type { Notice } from '../../src/core/dlp/types.ts';
import { watchDraft } from './draft-watch.ts';
import type { AddinLang, AddinTranslate } from './i18n.ts';
import { onItemEvent } from './item-events.ts';
import type { MailboxItem } from './office.ts';
import { loadNoticeInputs, noticesFor, readDraft, type NoticeInputs } from './send-notices.ts';

interface NoticeProps {
  t: AddinTranslate;
  lang: AddinLang;
  notice: Notice;
  secure: boolean;
  onSendSecurely: () => void;
}

function NoticeItem({ t, lang, notice, secure, onSendSecurely }: NoticeProps) {
  const r = renderNotice(notice, lang);
  return (
    <li className={`notice notice-${notice.level}`} data-testid="writing-notice" data-level={notice.level}>
      <p className="notice-head"><span className="notice-level">{r.level}</span> <strong>{r.title}</strong></p>
      {r.where ? <p className="muted">{r.where}</p> : null}
      <p>{r.why}</p>
      <p>{r.action}</p>
      {r.evidence.length > 0 ? <p className="notice-evidence">{r.evidence.join(', ')}</p> : null}
      {notice.level === 'required' && secure ? <p>{t('writing.requiredMet')}</p> : null}
      {notice.level === 'required' && !secure ? (
        <>
          <p>{t('writing.requiredTodo')}</p>
          <button type="button" onClick={onSendSecurely}>{t('writing.turnOn')}</button>
        </>
      ) : null}
    </li>
  );
}

export interface WritingNoticesProps {
  t: AddinTranslate;
  lang: AddinLang;
  item: MailboxItem;
  session: { token: string; email: string };
  /** Whether "Send securely" is on: a `required` notice is then satisfied. */
  secure: boolean;
  /** Turns "Send securely" on (compose-view.tsx owns the toggle). */
  onSendSecurely: () => void;
}

export function WritingNotices(props: WritingNoticesProps) {
  const { t, lang, item, session, secure, onSendSecurely } = props;
  // The organisation's rules and the agreements' always-secure domains: fetched once per pane, not per scan.
  const [inputs, setInputs] = useState<NoticeInputs | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  const [notices, setNotices] = useState<Notice[] | undefined>(undefined);
  const headingId = useId();

  useEffect(() => {
    let live = true;
    loadNoticeInputs(session.token).then((loaded) => live && setInputs(loaded), () => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [session.token]);

  useEffect(() => {
    if (!inputs) return;
    const watch = watchDraft(() => readDraft(item), (draft) => setNotices(noticesFor(draft, inputs, session.email)));
    const stops = [onItemEvent(item, 'RecipientsChanged', watch.check), onItemEvent(item, 'AttachmentsChanged', watch.check)];
    return () => {
      watch.stop();
      for (const stop of stops) stop();
    };
  }, [inputs, item, session.email]);

  let body;
  if (failed) body = <p className="muted">{t('writing.unavailable')}</p>;
  else if (!notices) body = <p className="muted">{t('writing.loading')}</p>;
  else if (notices.length === 0) body = <p className="muted">{t('writing.none')}</p>;
  else {
    body = (
      <ul className="notice-list">
        {notices.map((n) => <NoticeItem key={`${n.id}:${n.level}`} t={t} lang={lang} notice={n} secure={secure} onSendSecurely={onSendSecurely} />)}
      </ul>
    );
  }
  return (
    <section className="addin-card addin-notices" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('writing.heading')}</h2>
      <div aria-live="polite">{body}</div>
    </section>
  );
}
