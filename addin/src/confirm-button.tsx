// A two-step button for an action that cannot be undone (recall): the first press asks, in words, next to the
// button; "Yes" does it, "Cancel" or Escape goes back. Keyboard: focus moves to "Yes" when asking, and back to the
// button after cancelling, so a keyboard user never loses their place.
import { useEffect, useRef, useState } from 'react';
import type { AddinTranslate } from './i18n.ts';

export function ConfirmButton(props: { t: AddinTranslate; label: string; question: string; busy: boolean; onConfirm: () => void }) {
  const { t, label, question, busy, onConfirm } = props;
  const [asking, setAsking] = useState(false);
  const yes = useRef<HTMLButtonElement>(null);
  const start = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);

  useEffect(() => {
    if (asking) yes.current?.focus();
    else if (returnFocus.current) start.current?.focus();
    returnFocus.current = false;
  }, [asking]);

  const cancel = () => {
    returnFocus.current = true;
    setAsking(false);
  };

  if (!asking) {
    return <button ref={start} type="button" className="secondary" disabled={busy} onClick={() => setAsking(true)}>{label}</button>;
  }
  return (
    <div className="addin-confirm" role="group" aria-label={label} onKeyDown={(e) => { if (e.key === 'Escape') cancel(); }}>
      <p>{question}</p>
      <button ref={yes} type="button" className="danger" disabled={busy} onClick={() => { setAsking(false); onConfirm(); }}>{t('read.confirmYes')}</button>
      <button type="button" className="secondary" onClick={cancel}>{t('read.cancel')}</button>
    </div>
  );
}
