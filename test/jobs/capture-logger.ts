import type { JobLogger } from '../../src/jobs/log.ts';

export interface CapturedLog {
  level: string;
  object: object;
  message: string | undefined;
}

/** A logger that keeps what it was told, so tests can check what (and what not) gets logged. */
export function createCaptureLogger(): JobLogger & { entries: CapturedLog[]; text(): string } {
  const entries: CapturedLog[] = [];
  const at = (level: string) => (object: object, message?: string) => void entries.push({ level, object, message });
  return {
    entries,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () => JSON.stringify(entries),
  };
}
