// Upload progress per file and overall: bytes, speed (over the last seconds) and time left, with pause/resume.
import { useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n/index.ts';
import { displayName } from './display-name.ts';
import type { SendProgress } from './send-engine.ts';

interface Sample {
  at: number;
  bytes: number;
}

export function SendProgressView(props: {
  files: Array<{ fileId: string; name: string }>;
  progress: SendProgress;
  paused: boolean;
  finishing: boolean;
  onPause: () => void;
  onResume: () => void;
}): ReactNode {
  const { t, formatSize, formatDuration } = useI18n();
  const samples = useRef<Sample[]>([]);
  const sent = Object.values(props.progress.sent).reduce((a, b) => a + b, 0);
  const total = Object.values(props.progress.total).reduce((a, b) => a + b, 0);
  const now = performance.now();
  const list = samples.current;
  if (list.length === 0 || (list[list.length - 1] as Sample).bytes !== sent) list.push({ at: now, bytes: sent });
  while (list.length > 2 && now - (list[0] as Sample).at > 5000) list.shift();
  const first = list[0] as Sample;
  const last = list[list.length - 1] as Sample;
  const speed = last.at > first.at ? ((last.bytes - first.bytes) * 1000) / (last.at - first.at) : 0;
  const left = speed > 0 ? (total - sent) / speed : null;
  const percent = total > 0 ? Math.floor((sent / total) * 100) : 0;
  return (
    <section className="card" aria-labelledby="progress-title">
      <h1 id="progress-title">{props.finishing ? t('progress.finishing') : props.paused ? t('progress.paused') : t('progress.title')}</h1>
      <div className="progress-overall">
        <label htmlFor="progress-all">{t('progress.overall', { percent })}</label>
        <progress id="progress-all" max={total || 1} value={sent} />
        <p className="progress-figures" aria-live="off">
          {t('progress.bytes', { sent: formatSize(sent), total: formatSize(total) })}
          {!props.paused && speed > 0 && <> · {t('progress.speed', { speed: formatSize(speed) })}</>}
          {!props.paused && left !== null && <> · {t('progress.left', { time: formatDuration(left) })}</>}
        </p>
      </div>
      <ul className="progress-files">
        {props.files.map((f) => {
          const s = props.progress.sent[f.fileId] ?? 0;
          const all = props.progress.total[f.fileId] ?? 1;
          return (
            <li key={f.fileId}>
              <label htmlFor={`p-${f.fileId}`}>{displayName(f.name)}</label>
              <progress id={`p-${f.fileId}`} max={all} value={s} />
              <span className="hint">{t('progress.bytes', { sent: formatSize(s), total: formatSize(all) })}</span>
            </li>
          );
        })}
      </ul>
      {!props.finishing && (
        <div className="actions">
          {props.paused
            ? <button type="button" className="button-primary" onClick={props.onResume}>{t('progress.resume')}</button>
            : <button type="button" className="button-secondary" onClick={props.onPause}>{t('progress.pause')}</button>}
        </div>
      )}
      <p className="hint">{t('progress.reloadHint')}</p>
    </section>
  );
}
