// Compose → summary → upload with progress → done. An unfinished send (page reloaded mid-upload) is offered for
// resumption first: the user picks the same files again and the upload continues where the server stopped.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ServerInfo, TransferView } from '../../../src/http/schemas/transfer-api.ts';
import { errorText } from '../api/error-text.ts';
import { useI18n, type MessageKey } from '../i18n/index.ts';
import { Link } from '../shell/router.ts';
import { MIN_ACCESS_CODE_LENGTH } from './access-code.ts';
import { ComposeOptions, type ComposeOptionsValue } from './compose-options.tsx';
import { FileDrop } from './file-drop.tsx';
import { ensurePersonalKey } from './key-store.ts';
import { clearPendingSend, loadPendingSend, type PendingSend } from './pending-send.ts';
import type { RecipientEntry } from './recipient-chips.tsx';
import { RecipientChips } from './recipient-chips.tsx';
import { ResumeCard } from './resume-card.tsx';
import { SecurityNotices, useSecurityNotices } from './security-notices.tsx';
import type { ComposeDraft, SendProgress, SendRun, completeSend as CompleteSend } from './send-engine.ts';

// Crypto and tus load when the user sends, not with the first page.
const loadEngine = () => import('./send-engine.ts');
import { SendProgressView } from './send-progress.tsx';
import { SendSummary } from './send-summary.tsx';
import { useSession } from './session.ts';

type Step = 'edit' | 'summary' | 'sending' | 'done';

function validate(draft: ComposeDraft, info: ServerInfo): MessageKey[] {
  const problems: MessageKey[] = [];
  if (draft.recipients.length === 0) problems.push('compose.needRecipient');
  if (draft.subject.trim() === '') problems.push('compose.needSubject');
  if (draft.recipients.some((r) => r.method === 'code' && r.accessCode.trim().length < MIN_ACCESS_CODE_LENGTH)) problems.push('compose.needAccessCode');
  if (draft.recipients.some((r) => r.method === 'sms' && r.phone.trim() === '' && !(r as RecipientEntry).rememberedPhone)) problems.push('compose.needPhone');
  if (draft.files.some((f) => f.size > info.maxFileBytes)) problems.push('compose.filesTooLarge');
  if (draft.files.length > info.maxFilesPerTransfer) problems.push('compose.tooManyFiles');
  return problems;
}

export function ComposePage(props: { info: ServerInfo }): ReactNode {
  const { t } = useI18n();
  const { session } = useSession();
  const token = session?.token ?? '';
  const email = session?.email ?? '';
  const [pending, setPending] = useState<PendingSend | null>(() => loadPendingSend(email));
  const [recipients, setRecipients] = useState<RecipientEntry[]>([]);
  const [subject, setSubject] = useState('');
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [options, setOptions] = useState<ComposeOptionsValue>({
    expiresInDays: props.info.defaultExpiryDays, notifyOnOpen: false, hideFileNames: false, notificationSubject: '', notificationText: '',
  });
  const [step, setStep] = useState<Step>('edit');
  const [problems, setProblems] = useState<MessageKey[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<SendProgress>({ sent: {}, total: {} });
  const [uploadFiles, setUploadFiles] = useState<Array<{ fileId: string; name: string }>>([]);
  const [paused, setPaused] = useState(false);
  const [finishing, setFinishing] = useState(false);
  const [result, setResult] = useState<TransferView | null>(null);
  const run = useRef<SendRun | null>(null);
  const subjectId = useId();
  const textId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);

  const draft: ComposeDraft = { recipients, subject, text, files, ...options };
  const notices = useSecurityNotices(token, email, {
    subject, body: text, to: recipients.map((r) => r.email), attachments: files.map((f) => ({ name: f.name, size: f.size })),
  });

  useEffect(() => {
    // Leaving mid-upload loses nothing (it resumes), but the browser should still ask.
    if (step !== 'sending') return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [step]);

  const upload = async (state: PendingSend, picked: File[], encryptors?: Parameters<typeof CompleteSend>[0]['encryptors']) => {
    const { completeSend } = await loadEngine();
    setUploadFiles(state.files.map((f) => ({ fileId: f.fileId, name: f.name })));
    setStep('sending');
    setPaused(false);
    setFinishing(false);
    const r = completeSend({
      session: session!, state, files: picked, ...(encryptors ? { encryptors } : {}),
      onProgress: (p) => {
        setProgress({ sent: { ...p.sent }, total: { ...p.total } });
        if (Object.keys(p.total).every((k) => (p.sent[k] ?? 0) >= (p.total[k] ?? 0))) setFinishing(true);
      },
    });
    run.current = r;
    r.done.then((view) => {
      setResult(view);
      setPending(null);
      setStep('done');
    }, (e: unknown) => {
      setError(errorText(e, t));
      setPending(loadPendingSend(email));
      setStep('edit');
    });
  };

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      const key = await ensurePersonalKey();
      const { prepareSend } = await loadEngine();
      const { state, encryptors } = await prepareSend({ session: session!, personalRecipient: key.recipient, draft });
      await upload(state, files, encryptors);
    } catch (e) {
      setError(errorText(e, t));
      setStep('edit');
    } finally {
      setBusy(false);
    }
  };

  const toSummary = (event: FormEvent) => {
    event.preventDefault();
    const found = validate(draft, props.info);
    setProblems(found);
    if (found.length === 0) setStep('summary');
  };

  useEffect(() => headingRef.current?.focus(), [step]);

  if (step === 'sending') {
    return (
      <SendProgressView
        files={uploadFiles} progress={progress} paused={paused} finishing={finishing}
        onPause={() => { run.current?.pause(); setPaused(true); }}
        onResume={() => { run.current?.resume(); setPaused(false); }}
      />
    );
  }
  if (step === 'done' && result) {
    return (
      <section className="card" aria-labelledby="done-title">
        <h1 id="done-title" ref={headingRef} tabIndex={-1}>{t('done.title')}</h1>
        <p role="status">{t('done.text', { count: result.recipients.length })}</p>
        <div className="actions">
          <Link to={`/sent/${result.id}`} className="button-primary">{t('done.view')}</Link>
          <button type="button" className="button-secondary" onClick={() => window.location.assign('/send')}>{t('done.another')}</button>
        </div>
      </section>
    );
  }
  if (step === 'summary') return <SendSummary draft={draft} busy={busy} onBack={() => setStep('edit')} onSend={() => void send()} />;

  return (
    <div className="compose-layout">
      {pending && (
        <ResumeCard
          pending={pending}
          onResume={(picked) => void upload(pending, picked)}
          onDiscard={() => { clearPendingSend(); setPending(null); }}
        />
      )}
      <form className="card compose" onSubmit={toSummary} noValidate aria-labelledby="compose-title">
        <h1 id="compose-title" ref={headingRef} tabIndex={-1}>{t('compose.title')}</h1>
        <p className="hint">{t('compose.from', { email })}</p>
        {error && <p className="alert alert-error" role="alert">{error}</p>}
        {problems.length > 0 && (
          <div className="alert alert-error" role="alert">
            <p>{t('compose.fix')}</p>
            <ul>{problems.map((p) => <li key={p}>{t(p)}</li>)}</ul>
          </div>
        )}
        <RecipientChips info={props.info} value={recipients} onChange={setRecipients} />
        <div className="field">
          <label htmlFor={subjectId}>{t('compose.subject')}</label>
          <input id={subjectId} type="text" maxLength={500} value={subject} onChange={(e) => setSubject(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor={textId}>{t('compose.message')}</label>
          <textarea id={textId} rows={8} value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <FileDrop files={files} maxFileBytes={props.info.maxFileBytes} onChange={setFiles} />
        <SecurityNotices state={notices.state} engine={notices.engine} />
        <ComposeOptions value={options} maxExpiryDays={props.info.maxExpiryDays} onChange={setOptions} />
        <div className="actions">
          <button type="submit" className="button-primary">{t('compose.continue')}</button>
        </div>
      </form>
    </div>
  );
}
