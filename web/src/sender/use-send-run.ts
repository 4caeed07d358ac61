// The upload-and-send run behind the progress view: starts the resumable upload, tracks per-file progress,
// pause/resume, and reports completion or failure. Crypto and tus load when the user sends, not with the page.
import { useRef, useState } from 'react';
import type { TransferView } from '../../../src/client/api-contract.ts';
import type { PendingSend } from './pending-send.ts';
import type { SendProgress, SendRun, completeSend as CompleteSend } from './send-engine.ts';
import type { SenderAccess } from './sender-access.ts';

export const loadEngine = () => import('./send-engine.ts');

type Encryptors = Parameters<typeof CompleteSend>[0]['encryptors'];

export interface SendRunState {
  files: Array<{ fileId: string; name: string }>;
  progress: SendProgress;
  paused: boolean;
  /** Every byte is uploaded; the message is being sent. */
  finishing: boolean;
  start: (state: PendingSend, picked: File[], callbacks: { onDone: (view: TransferView) => void; onFail: (error: unknown) => void }, encryptors?: Encryptors) => Promise<void>;
  pause: () => void;
  resume: () => void;
}

export function useSendRun(access: SenderAccess): SendRunState {
  const [files, setFiles] = useState<Array<{ fileId: string; name: string }>>([]);
  const [progress, setProgress] = useState<SendProgress>({ sent: {}, total: {} });
  const [paused, setPaused] = useState(false);
  const [finishing, setFinishing] = useState(false);
  const run = useRef<SendRun | null>(null);

  return {
    files,
    progress,
    paused,
    finishing,
    start: async (state, picked, callbacks, encryptors) => {
      const { completeSend } = await loadEngine();
      setFiles(state.files.map((f) => ({ fileId: f.fileId, name: f.name })));
      setPaused(false);
      setFinishing(false);
      const r = completeSend({
        access, state, files: picked, ...(encryptors ? { encryptors } : {}),
        onProgress: (p) => {
          setProgress({ sent: { ...p.sent }, total: { ...p.total } });
          if (Object.keys(p.total).every((k) => (p.sent[k] ?? 0) >= (p.total[k] ?? 0))) setFinishing(true);
        },
      });
      run.current = r;
      r.done.then(callbacks.onDone, callbacks.onFail);
    },
    pause: () => {
      run.current?.pause();
      setPaused(true);
    },
    resume: () => {
      run.current?.resume();
      setPaused(false);
    },
  };
}
