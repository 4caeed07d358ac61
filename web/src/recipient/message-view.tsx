// The opened message: sender, subject, expiry, the text (rendered as text, never HTML), the files with their
// sizes and types, downloads (one file or all as a ZIP) with progress, and the reply form.
import { useEffect, useMemo, type ReactNode } from 'react';
import type { ChunkCipher } from '../../../src/crypto/index.ts';
import { LockIcon } from '../shell/icons.tsx';
import { useRecipientI18n } from './use-recipient-i18n.ts';
import type { RecipientApi } from './api.ts';
import { endStateOf, errorText, type EndState } from './error-text.ts';
import { safeFileName, safeMimeType } from './file-names.ts';
import type { OpenedMessage } from './open-message.ts';
import { ReplyForm } from './reply-form.tsx';
import type { StreamSaver } from './save-stream.ts';
import { TransferStatus } from './transfer-status.tsx';
import { useDownloads, type DownloadState } from './use-downloads.ts';
import { useHeadingFocus } from './use-heading-focus.ts';
import { zipName } from './zip-all.ts';

function DownloadNotice(props: { state: DownloadState }): ReactNode {
  const i18n = useRecipientI18n();
  const { t } = i18n;
  const { state } = props;
  if (state.kind === 'idle') return null;
  if (state.kind === 'running') return <TransferStatus label={t('recipient.download.progress', { name: state.name })} progress={state.progress} />;
  if (state.kind === 'done') return <p className="rp-success" data-testid="download-done">{t('recipient.download.done', { name: state.name })}</p>;
  return <p className="rp-error">{t('recipient.download.failed', { name: state.name, reason: errorText(i18n, state.error) })}</p>;
}

export function MessageView(props: {
  api: RecipientApi;
  opened: OpenedMessage;
  cipher: () => ChunkCipher;
  saver: StreamSaver;
  onEnd: (state: EndState) => void;
}): ReactNode {
  const { t, formatDate, formatSize } = useRecipientI18n();
  const heading = useHeadingFocus<HTMLHeadingElement>();
  const { manifest, verified, identity } = props.opened;
  const downloads = useDownloads({ api: props.api, token: verified.token, identity, cipher: props.cipher, saver: props.saver });
  const { state } = downloads;
  const busy = state.kind === 'running';
  const totalSize = useMemo(() => manifest.files.reduce((sum, f) => sum + f.size, 0), [manifest.files]);
  const subject = manifest.subject.trim();

  // A recall or expiry noticed by a download ends the visit with its own page.
  const { onEnd } = props;
  useEffect(() => {
    const end = state.kind === 'failed' ? endStateOf(state.error) : undefined;
    if (end) onEnd(end);
  }, [state, onEnd]);

  return (
    <>
      <article className="rp-card rp-message" aria-labelledby="rp-subject">
        <p className="rp-badge"><LockIcon /> {t('recipient.e2eNote')}</p>
        <h1 id="rp-subject" ref={heading} tabIndex={-1} className="rp-break">{subject === '' ? t('recipient.message.noSubject') : subject}</h1>
        <dl className="rp-facts">
          <div><dt>{t('recipient.message.from')}</dt><dd className="rp-break">{verified.senderEmail}</dd></div>
          <div><dt>{t('recipient.message.expires')}</dt><dd>{formatDate(verified.messageExpiresAt)}</dd></div>
        </dl>
        <h2 className="rp-visually-hidden">{t('recipient.message.text')}</h2>
        {manifest.text.trim() === ''
          ? <p className="rp-muted">{t('recipient.message.noText')}</p>
          : <div className="rp-text" data-testid="message-text">{manifest.text}</div>}
      </article>

      <section className="rp-card rp-files" aria-labelledby="rp-files-title">
        <h2 id="rp-files-title">{t('recipient.files.title')}</h2>
        {manifest.files.length === 0 ? <p>{t('recipient.files.none')}</p> : (
          <>
            <p className="rp-muted">{t('recipient.files.total', { count: manifest.files.length, size: formatSize(totalSize) })}</p>
            <ul className="rp-file-list">
              {manifest.files.map((file) => {
                const name = safeFileName(file.name);
                return (
                  <li key={file.blobId} className="rp-file">
                    <div className="rp-file-meta">
                      <span className="rp-file-name rp-break">{name}</span>
                      <span className="rp-muted rp-small">{formatSize(file.size)} · {safeMimeType(file.type)}</span>
                    </div>
                    <button type="button" className="rp-button rp-button-secondary" disabled={busy} aria-label={t('recipient.files.downloadNamed', { name })} onClick={() => void downloads.downloadOne(file)}>
                      {t('recipient.files.download')}
                    </button>
                  </li>
                );
              })}
            </ul>
            {manifest.files.length > 1 && (
              <button type="button" className="rp-button" disabled={busy} onClick={() => void downloads.downloadAll(manifest.files, zipName(subject, 'sealpost'))}>
                {t('recipient.files.downloadAll')}
              </button>
            )}
          </>
        )}
        <div aria-live="polite" className="rp-live">
          <DownloadNotice state={state} />
        </div>
      </section>

      <ReplyForm api={props.api} token={verified.token} sender={verified.senderEmail} senderPublicKey={verified.senderPublicKey} gatewayPublicKey={verified.gatewayPublicKey} cipher={props.cipher} onEnd={props.onEnd} />
    </>
  );
}
