// Compose → summary → upload with progress → done. An unfinished send (page reloaded mid-upload) is offered for
// resumption first: the user picks the same files again and the upload continues where the server stopped.
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import type { ServerInfo, TransferView } from '../../../src/client/api-contract.ts';
import type { ComposeInfo } from './agreed-info.ts';
import { methodsMeeting, strongEnough } from '../../../src/core/agreements/min-verification.ts';
import type { MinVerification } from '../../../src/core/dlp/rule-set.ts';
import { errorText } from '../api/error-text.ts';
import { useI18n, type MessageKey } from '../i18n/index.ts';
import { Link } from '../shell/router.ts';
import { MIN_ACCESS_CODE_LENGTH } from '../../../src/client/access-code.ts';
import { clearAnswer, peekAnswer, type Answer } from './answer.ts';
import { ComposeOptions, type ComposeOptionsValue } from './compose-options.tsx';
import { DirectoryRemember } from './directory-remember.tsx';
import { FileDrop } from './file-drop.tsx';
import { sealDraftCodes, warmOrgKey } from './org-code.ts';
import { clearPendingSend, loadPendingSend, type PendingSend } from './pending-send.ts';
import type { RecipientEntry } from './recipient-chips.tsx';
import { RecipientChips } from './recipient-chips.tsx';
import { ResumeCard } from './resume-card.tsx';
import { SecurityNotices, useSecurityNotices } from './security-notices.tsx';
import type { ComposeDraft } from './send-engine.ts';
import { SendProgressView } from './send-progress.tsx';
import { SendSummary } from './send-summary.tsx';
import { useSenderAccess } from './sender-access.ts';
import { loadEngine, useSendRun, type SendRunState } from './use-send-run.ts';

type Step = 'edit' | 'summary' | 'sending' | 'done';

function validate(draft: ComposeDraft, info: ServerInfo): MessageKey[] {
  const problems: MessageKey[] = [];
  if (draft.recipients.length === 0) problems.push('compose.needRecipient');
  if (draft.subject.trim() === '') problems.push('compose.needSubject');
  if (draft.recipients.some((r) => r.method === 'code' && r.accessCode.trim().length < MIN_ACCESS_CODE_LENGTH)) problems.push('compose.needAccessCode');
  if (draft.recipients.some((r) => r.method === 'sms' && r.phone.trim() === '' && !(r as RecipientEntry).rememberedPhone)) problems.push('compose.needPhone');
  if (draft.recipients.some((r) => (r as RecipientEntry).account === 'failed')) problems.push('compose.keyLogUnchecked');
  if (draft.files.some((f) => f.size > info.maxFileBytes)) problems.push('compose.filesTooLarge');
  if (draft.files.length > info.maxFilesPerTransfer) problems.push('compose.tooManyFiles');
  return problems;
}

export function ComposePage(props: { info: ComposeInfo }): ReactNode {
  const { t, formatSize } = useI18n();
  const access = useSenderAccess();
  const { email } = access;
  const [pending, setPending] = useState<PendingSend | null>(() => loadPendingSend(email));
  const edit = useComposeDraft(props.info);
  const { draft } = edit;
  const [step, setStep] = useState<Step>('edit');
  const [problems, setProblems] = useState<MessageKey[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TransferView | null>(null);
  const sendRun = useSendRun(access);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const notices = useSecurityNotices(access, {
    subject: draft.subject, body: draft.text, to: draft.recipients.map((r) => r.email), attachments: draft.files.map((f) => ({ name: f.name, size: f.size })),
  });

  useStrongEnoughMethods(edit, props.info, notices.demand?.minimum);

  useEffect(() => {
    // Leaving mid-upload loses nothing (it resumes), but the browser should still ask.
    if (step !== 'sending') return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [step]);

  const upload = async (state: PendingSend, picked: File[], encryptors?: Parameters<SendRunState['start']>[3]) => {
    setStep('sending');
    await sendRun.start(state, picked, {
      onDone: (view) => {
        setResult(view);
        setPending(null);
        setStep('done');
      },
      onFail: (e) => {
        setError(errorText(e, t, formatSize));
        setPending(loadPendingSend(email));
        setStep('edit');
      },
    }, encryptors);
  };

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      const key = await access.sendingKey();
      const { prepareSend } = await loadEngine();
      // The fired rules are declared, so the server can hold recipients to their minimum verification (audited).
      const declared = { ...(await sealDraftCodes(access, key, draft)), noticeRuleIds: notices.state.notices.map((n) => n.id) };
      const { state, encryptors } = await prepareSend({ access, personalRecipient: key.recipient, draft: declared });
      await upload(state, draft.files, encryptors);
    } catch (e) {
      setError(errorText(e, t, formatSize));
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
  // The organisation key, opened early and passed on to colleagues still waiting for it (docs/directory.md).
  useEffect(() => void warmOrgKey(access), [access]);

  if (step === 'sending') {
    return (
      <SendProgressView
        files={sendRun.files} progress={sendRun.progress} paused={sendRun.paused} finishing={sendRun.finishing}
        onPause={sendRun.pause}
        onResume={sendRun.resume}
      />
    );
  }
  if (step === 'done' && result) return <SendDone result={result} headingRef={headingRef} />;
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
      <ComposeForm
        edit={edit} info={props.info} minimum={notices.demand?.minimum} email={email} orgName={access.orgName} error={error} problems={problems} headingRef={headingRef} onSubmit={toSummary}
        notices={<SecurityNotices state={notices.state} engine={notices.engine} />}
      />
    </div>
  );
}

function SendDone(props: { result: TransferView; headingRef: RefObject<HTMLHeadingElement | null> }): ReactNode {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="done-title">
      <h1 id="done-title" ref={props.headingRef} tabIndex={-1}>{t('done.title')}</h1>
      <p role="status">{t('done.text', { count: props.result.recipients.length })}</p>
      <div className="actions">
        <Link to={`/sent/${props.result.id}`} className="button-primary">{t('done.view')}</Link>
        <button type="button" className="button-secondary" onClick={() => window.location.assign('/send')}>{t('done.another')}</button>
      </div>
    </section>
  );
}

type DraftEdit = ReturnType<typeof useComposeDraft>;

/**
 * While a security notice demands a minimum verification, a recipient on a weaker method moves to a strong enough
 * one: SMS when a number is on file, else an access code, else whatever allowed method meets the demand.
 */
function useStrongEnoughMethods(edit: DraftEdit, info: ComposeInfo, minimum: MinVerification | undefined): void {
  const { recipients, setRecipients } = edit;
  useEffect(() => {
    if (!minimum || recipients.every((r) => strongEnough(r.method, minimum))) return;
    const meeting = methodsMeeting(info.allowedMethods, minimum);
    setRecipients((prev) => prev.map((r) => {
      if (strongEnough(r.method, minimum)) return r;
      const preferred = r.rememberedPhone && meeting.includes('sms') ? 'sms' : meeting.includes('code') ? 'code' : meeting[0];
      return preferred ? { ...r, method: preferred } : r;
    }));
  }, [minimum, recipients, info.allowedMethods, setRecipients]);
}

/** The message being written: recipients, subject, text, files and options. */
function useComposeDraft(info: ComposeInfo) {
  const [answer, setAnswer] = useState<Answer | null>(peekAnswer);
  useEffect(clearAnswer, []);
  const [recipients, setRecipients] = useState<RecipientEntry[]>([]);
  const [subject, setSubject] = useState(() => answer?.subject ?? '');
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [options, setOptions] = useState<ComposeOptionsValue>({
    expiresInDays: info.defaultExpiryDays, notifyOnOpen: false, hideFileNames: info.hideFileNames ?? false, notificationSubject: '', notificationText: '',
  });
  const [rememberInDirectory, setRememberInDirectory] = useState(false);
  const draft: ComposeDraft = { recipients, subject, text, files, ...options, rememberInDirectory, ...(answer ? { threadOf: answer.threadOf } : {}) };
  return { draft, answer, setAnswer, recipients, options, setRecipients, setSubject, setText, setFiles, setOptions, setRememberInDirectory };
}

function ComposeForm(props: {
  edit: DraftEdit;
  info: ComposeInfo;
  /** The weakest verification a shown security notice allows (weaker methods are unavailable). */
  minimum?: MinVerification | undefined;
  email: string;
  /** Set when a staff member sends as their organisation. */
  orgName?: string | undefined;
  error: string | null;
  problems: MessageKey[];
  headingRef: RefObject<HTMLHeadingElement | null>;
  notices: ReactNode;
  onSubmit: (event: FormEvent) => void;
}): ReactNode {
  const { t } = useI18n();
  const { edit, email, error, problems, headingRef } = props;
  const { subject, text, files } = edit.draft;
  const { recipients, setRecipients, setSubject, setText, setFiles, options, setOptions } = edit;
  const subjectId = useId();
  const textId = useId();
  return (
      <form className="card compose" onSubmit={props.onSubmit} noValidate aria-labelledby="compose-title">
        <h1 id="compose-title" ref={headingRef} tabIndex={-1}>{t('compose.title')}</h1>
        <p className="hint">{props.orgName ? t('compose.fromStaff', { email, org: props.orgName }) : t('compose.from', { email })}</p>
        {error && <p className="alert alert-error" role="alert">{error}</p>}
        {problems.length > 0 && (
          <div className="alert alert-error" role="alert">
            <p>{t('compose.fix')}</p>
            <ul>{problems.map((p) => <li key={p}>{t(p)}</li>)}</ul>
          </div>
        )}
        {edit.answer && (
          <p className="hint" data-testid="answering">
            {t('controls.answer.composing', { email: edit.answer.to })}{' '}
            <button type="button" className="button-link" onClick={() => edit.setAnswer(null)}>{t('controls.answer.drop')}</button>
          </p>
        )}
        <RecipientChips info={props.info} minimum={props.minimum} value={recipients} onChange={setRecipients} prefill={edit.answer?.to} />
        {props.orgName && <DirectoryRemember checked={edit.draft.rememberInDirectory === true} onChange={edit.setRememberInDirectory} />}
        <div className="field">
          <label htmlFor={subjectId}>{t('compose.subject')}</label>
          <input id={subjectId} type="text" maxLength={500} value={subject} onChange={(e) => setSubject(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor={textId}>{t('compose.message')}</label>
          <textarea id={textId} rows={8} value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <FileDrop files={files} maxFileBytes={props.info.maxFileBytes} onChange={setFiles} />
        {props.notices}
        <ComposeOptions value={options} maxExpiryDays={props.info.maxExpiryDays} fileNamesFixed={props.info.senderMayShowFileNames === false} onChange={setOptions} />
        <div className="actions">
          <button type="submit" className="button-primary">{t('compose.continue')}</button>
        </div>
      </form>
  );
}
