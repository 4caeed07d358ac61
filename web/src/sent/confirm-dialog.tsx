// A modal confirmation on the native <dialog>: focus is trapped and Escape cancels, as assistive technology expects.
import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';

export function ConfirmDialog(props: { title: string; text: string; confirmLabel: string; onConfirm: () => void; onCancel: () => void }): ReactNode {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="confirm-title" aria-describedby="confirm-text" onCancel={props.onCancel}>
      <h2 id="confirm-title">{props.title}</h2>
      <p id="confirm-text">{props.text}</p>
      <div className="actions">
        <button type="button" className="button-danger" onClick={props.onConfirm}>{props.confirmLabel}</button>
        <button type="button" className="button-secondary" onClick={props.onCancel} autoFocus>{t('common.cancel')}</button>
      </div>
    </dialog>
  );
}
