// Files by drag & drop or the picker (several at once, any size): only name and size are read here; the content is
// read chunk by chunk while it is encrypted and uploaded.
import { useId, useState, type DragEvent, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import { displayName } from './display-name.ts';

export function FileDrop(props: { files: File[]; maxFileBytes: number; onChange: (files: File[]) => void; label?: string }): ReactNode {
  const { t, formatSize } = useI18n();
  const [over, setOver] = useState(false);
  const inputId = useId();
  const add = (list: FileList | null) => {
    if (!list) return;
    const next = [...props.files];
    for (const f of Array.from(list)) {
      if (!next.some((x) => x.name === f.name && x.size === f.size && x.lastModified === f.lastModified)) next.push(f);
    }
    props.onChange(next);
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    add(event.dataTransfer.files);
  };
  const total = props.files.reduce((n, f) => n + f.size, 0);
  return (
    <div className="files">
      <div
        className={`drop-zone${over ? ' drop-over' : ''}`}
        onDragOver={(e) => { e.preventDefault(); setOver(true); }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p>{t('compose.dropHere')}</p>
        <input id={inputId} className="visually-hidden-input" type="file" multiple onChange={(e) => { add(e.target.files); e.target.value = ''; }} />
        <label htmlFor={inputId} className="button-secondary file-button">{props.label ?? t('compose.chooseFiles')}</label>
      </div>
      {props.files.length > 0 && (
        <ul className="file-list" aria-label={t('compose.fileList')}>
          {props.files.map((f, i) => (
            <li key={`${f.name}-${f.size}-${f.lastModified}`} className={f.size > props.maxFileBytes ? 'file-too-large' : undefined}>
              <span className="file-name">{displayName(f.name)}</span>
              <span className="file-size">{formatSize(f.size)}</span>
              {f.size > props.maxFileBytes && <span className="alert-inline">{t('compose.fileTooLarge', { max: formatSize(props.maxFileBytes) })}</span>}
              <button type="button" className="button-link" aria-label={t('compose.removeFile', { name: displayName(f.name) })} onClick={() => props.onChange(props.files.filter((_, j) => j !== i))}>{t('common.remove')}</button>
            </li>
          ))}
        </ul>
      )}
      {props.files.length > 0 && <p className="hint">{t('compose.filesTotal', { count: props.files.length, size: formatSize(total) })}</p>}
    </div>
  );
}
