// Replying to the sender: text and files, encrypted in the browser and uploaded over tus, with progress and a
// confirmation. The reply goes to the sender only (encrypted to their personal key).
import { useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ChunkCipher } from '../../../src/crypto/index.ts';
import { useRecipientI18n } from './use-recipient-i18n.ts';
import type { RecipientApi } from './api.ts';
import { endStateOf, errorText, type EndState } from './error-text.ts';
import { safeFileName } from './file-names.ts';
import { createProgressTracker, type ProgressSnapshot, type ProgressTracker } from './progress.ts';
import { sendReply } from './send-reply.ts';
import { TransferStatus } from './transfer-status.tsx';

export function ReplyForm(props: {
  api: RecipientApi;
  token: string;
  sender: string;
  senderPublicKey: string;
  gatewayPublicKey?: string | null | undefined;
  cipher: () => ChunkCipher;
  onEnd: (state: EndState) => void;
}): ReactNode {
  const i18n = useRecipientI18n();
  const { t, formatSize } = i18n;
  const textId = useId();
  const filesId = useId();
  const filesHintId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const confirmation = useRef<HTMLParagraphElement>(null);
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [progress, setProgress] = useState<ProgressSnapshot | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);

  const addFiles = (list: FileList | null) => {
    if (!list) return;
    // Copy now: the FileList is live and is emptied below, before React runs the state updater.
    const added = Array.from(list);
    setFiles((current) => [...current, ...added]);
    if (fileInput.current) fileInput.current.value = '';
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '' && files.length === 0) {
      setError(t('recipient.reply.empty'));
      return;
    }
    setError(null);
    let tracker: ProgressTracker | undefined;
    setProgress({ done: 0, total: 0, speed: 0, secondsLeft: undefined });
    let last = 0;
    try {
      await sendReply({
        api: props.api, token: props.token, senderPublicKey: props.senderPublicKey, gatewayPublicKey: props.gatewayPublicKey, text, files, cipher: props.cipher(),
        onProgress: ({ sent: done, total }) => {
          tracker ??= createProgressTracker(total);
          tracker.add(done - last);
          last = done;
          setProgress(tracker.snapshot());
        },
      });
      setSent(true);
      setText('');
      setFiles([]);
      setTimeout(() => confirmation.current?.focus(), 0);
    } catch (err) {
      const end = endStateOf(err);
      if (end) props.onEnd(end);
      else setError(t('recipient.reply.failed', { reason: errorText(i18n, err) }));
    } finally {
      setProgress(null);
    }
  };

  if (sent) {
    return (
      <section className="rp-card rp-reply" aria-labelledby="rp-reply-title">
        <h2 id="rp-reply-title">{t('recipient.reply.title')}</h2>
        <p ref={confirmation} tabIndex={-1} role="status" className="rp-success" data-testid="reply-sent">{t('recipient.reply.sent', { sender: props.sender })}</p>
        <button type="button" className="rp-button rp-button-secondary" onClick={() => setSent(false)}>{t('recipient.reply.another')}</button>
      </section>
    );
  }

  const busy = progress !== null;
  return (
    <section className="rp-card rp-reply" aria-labelledby="rp-reply-title">
      <h2 id="rp-reply-title">{t('recipient.reply.title')}</h2>
      <p className="rp-muted">{t('recipient.reply.intro', { sender: props.sender })}</p>
      <form className="rp-form" onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor={textId}>{t('recipient.reply.text')}</label>
        <textarea id={textId} className="rp-input rp-textarea" value={text} onChange={(e) => setText(e.target.value)} rows={6} disabled={busy} />
        <label htmlFor={filesId}>{t('recipient.reply.files')}</label>
        <p id={filesHintId} className="rp-hint">{t('recipient.reply.filesHint')}</p>
        <input id={filesId} ref={fileInput} type="file" multiple aria-describedby={filesHintId} className="rp-file-input" onChange={(e) => addFiles(e.target.files)} disabled={busy} />
        {files.length > 0 && (
          <ul className="rp-chosen">
            {files.map((f, i) => (
              <li key={`${i}-${f.name}`}>
                <span className="rp-break">{safeFileName(f.name)}</span> <span className="rp-muted">({formatSize(f.size)})</span>
                <button type="button" className="rp-button-link" onClick={() => setFiles(files.filter((_, k) => k !== i))} disabled={busy}>
                  {t('recipient.reply.remove', { name: safeFileName(f.name) })}
                </button>
              </li>
            ))}
          </ul>
        )}
        {progress && <TransferStatus label={t('recipient.reply.sending')} progress={progress} />}
        {error && <p className="rp-error" role="alert">{error}</p>}
        <button type="submit" className="rp-button" disabled={busy}>{busy ? t('recipient.reply.sending') : t('recipient.reply.send')}</button>
      </form>
    </section>
  );
}
