// Module worker: the personal key's Argon2id runs (64 MiB each), so the page's thread stays free to paint its
// progress and answer input (and screen readers) meanwhile. One job per message; the client terminates the worker
// once its jobs are done, so no password, code or identity stays in its memory. Started like the chunk workers
// (worker-pool-cipher.ts): a module worker from `new URL(..., import.meta.url)`, served from 'self' under the CSP.
import { isCryptoError } from '../errors.ts';
import { runKeyWrapJob } from './key-wrap-jobs.ts';
import type { KeyWrapReply, KeyWrapRequest } from './worker-protocol.ts';

const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<KeyWrapRequest>) => void) | null;
  postMessage(message: KeyWrapReply): void;
};

scope.onmessage = (event) => {
  const { id, job } = event.data;
  runKeyWrapJob(job).then(
    (result) => scope.postMessage({ id, ok: true, result }),
    (error: unknown) =>
      // The code is what the page acts on (a wrong password is SP_ERR_DECRYPT); crypto messages hold no secret.
      scope.postMessage({ id, ok: false, code: isCryptoError(error) ? error.code : undefined, message: error instanceof Error ? error.message : 'key wrap failed' }),
  );
};
