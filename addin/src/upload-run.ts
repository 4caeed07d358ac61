// The upload under way in a card (end-to-end send, large-attachment links): its progress, whether it is paused, and
// pause/continue forwarded to the client core's run. One controller for both cards.
import { useRef, useState } from 'react';
import type { SendRun } from '../../src/client/send.ts';
import type { Progress } from './secure-send.ts';

export interface UploadRun {
  progress: Progress | undefined;
  paused: boolean;
  /** Give this to the pipeline as its progress callback. */
  onProgress: (progress: Progress) => void;
  /** Starts a fresh display (no bytes yet, not paused). */
  reset: () => void;
  /** Follows `run` until `done` settles: pause and continue go to it meanwhile. */
  follow: <T>(run: SendRun, done: Promise<T>) => Promise<T>;
  pause: () => void;
  resume: () => void;
}

export function useUploadRun(): UploadRun {
  const [progress, setProgress] = useState<Progress | undefined>(undefined);
  const [paused, setPaused] = useState(false);
  const current = useRef<SendRun | undefined>(undefined);
  return {
    progress,
    paused,
    onProgress: setProgress,
    reset: () => {
      setProgress(undefined);
      setPaused(false);
    },
    follow: (run, done) => {
      current.current = run;
      return done.finally(() => {
        if (current.current === run) current.current = undefined;
      });
    },
    pause: () => {
      current.current?.pause();
      setPaused(true);
    },
    resume: () => {
      current.current?.resume();
      setPaused(false);
    },
  };
}
