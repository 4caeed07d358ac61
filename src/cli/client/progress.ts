// Progress on stderr when it is a terminal (bytes, speed, time left); silent otherwise so scripts and logs
// stay clean. Redraws at most every 100 ms.
import { terminalLine } from '../../core/text/terminal.ts';
import { isTty } from './command-args.ts';

export interface Progress {
  add(bytes: number): void;
  done(): void;
}

const silent: Progress = { add: () => undefined, done: () => undefined };

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '--:--';
  const total = Math.round(s);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export function createProgress(stream: NodeJS.WritableStream, options: { label: string; total: number; initial?: number }): Progress {
  if (!isTty(stream)) return silent;
  const columns = (stream as { columns?: number }).columns ?? 80;
  const started = Date.now();
  const initial = options.initial ?? 0;
  // The label is usually a file name from someone else's manifest: no escapes or CRs of its own on the terminal.
  const safeLabel = terminalLine(options.label);
  let done = initial;
  let lastDraw = 0;
  const draw = (final: boolean): void => {
    const now = Date.now();
    if (!final && now - lastDraw < 100) return;
    lastDraw = now;
    const elapsed = Math.max((now - started) / 1000, 0.001);
    const speed = (done - initial) / elapsed;
    const left = speed > 0 ? (options.total - done) / speed : Number.POSITIVE_INFINITY;
    const ratio = options.total > 0 ? Math.min(done / options.total, 1) : 1;
    const info = ` ${(ratio * 100).toFixed(0).padStart(3)}% ${formatBytes(done)}/${formatBytes(options.total)} ${formatBytes(speed)}/s ${final ? formatSeconds(elapsed) : `ETA ${formatSeconds(left)}`}`;
    const label = [...safeLabel].length > 24 ? `${[...safeLabel].slice(0, 23).join('')}…` : safeLabel;
    const width = Math.max(columns - label.length - info.length - 4, 10);
    const filled = Math.round(ratio * width);
    stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}]${info}`);
  };
  return {
    add(bytes) {
      done += bytes;
      draw(false);
    },
    done() {
      draw(true);
      stream.write('\n');
    },
  };
}
