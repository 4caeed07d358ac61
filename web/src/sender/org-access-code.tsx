// A remembered access code in compose (docs/directory.md): the organisation's (opened on this device with the
// organisation key) or the sender's own from last time, shown with a copy button so the sender can tell the
// recipient by phone if they ask. The code is already filled in; nobody needs to call the recipient again.
import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import type { OpenedCode } from './org-code.ts';

export function RememberedAccessCode(props: { opened: OpenedCode; from: 'directory' | 'sender' | undefined }): ReactNode {
  const { t } = useI18n();
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  if (props.opened.state === 'unavailable') return <p className="hint">{t('directory.compose.orgCodeLocked')}</p>;
  const code = props.opened.code;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopyState('copied');
    } catch {
      setCopyState('failed');
    }
  };
  return (
    <div className="remembered-code">
      <p>
        {props.from === 'directory' ? t('directory.compose.orgCode') : t('directory.compose.ownCode')} <code>{code}</code>{' '}
        <button type="button" className="button-secondary" onClick={() => void copy()}>{t('directory.compose.copyCode')}</button>
      </p>
      <p className="hint">{t('directory.compose.tellCode')}</p>
      <p role="status" className="hint">{copyState === 'copied' ? t('directory.compose.codeCopied') : copyState === 'failed' ? t('directory.compose.codeCopyFailed') : ''}</p>
    </div>
  );
}
