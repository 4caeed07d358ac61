// Saving a stream to disk from the page. With a service worker (sw/download-sw.ts) the bytes flow page → worker →
// the browser's download manager, which writes them to disk as they come: multi-GiB files need no memory.
// Without one (no service workers in this browser or context) small files are saved through a Blob instead.
import { contentDisposition } from './file-names.ts';
import { SaveUnsupportedError } from './save-unsupported.ts';
import swUrl from './sw/download-sw.ts?worker&url';
import { saveBlob } from '../shell/save-blob.ts';

export { SaveUnsupportedError };

/** Where the service worker answers downloads. Under /assets/ so the script's own path allows the scope. */
export const DOWNLOAD_SCOPE = '/assets/sealpost-dl/';
/** Largest file saved through an in-memory Blob when no service worker is available. */
export const BLOB_FALLBACK_LIMIT = 256 * 1024 * 1024;

export interface SaveRequest {
  stream: ReadableStream<Uint8Array>;
  /** Already sanitised file name. */
  name: string;
  /** Exact byte count, if known: lets the browser show its own progress and detect a short download. */
  size?: number;
  type: string;
}

export interface StreamSaver {
  /** Resolves when the last byte has been handed to the browser; rejects if the stream failed. */
  save(request: SaveRequest): Promise<void>;
}


function randomId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}


async function activeWorker(): Promise<ServiceWorker> {
  const registration = await navigator.serviceWorker.register(swUrl, { scope: DOWNLOAD_SCOPE, type: 'module' });
  if (registration.active) return registration.active;
  const installing = registration.installing ?? registration.waiting;
  if (!installing) throw new SaveUnsupportedError();
  // `navigator.serviceWorker.ready` would wait forever: this page is outside the worker's scope by design.
  return new Promise<ServiceWorker>((resolve, reject) => {
    installing.addEventListener('statechange', () => {
      if (installing.state === 'activated') resolve(installing);
      if (installing.state === 'redundant') reject(new SaveUnsupportedError());
    });
  });
}

/**
 * Decrypted chunks (64 KiB each) kept ready for the download manager: every read crosses from the worker to this
 * page, so without read-ahead the pipeline stalls on each round trip. 64 chunks = 4 MiB, a fixed bound.
 */
const READ_AHEAD_CHUNKS = 64;

/** Counts bytes through and tells when the stream has been fully read (or failed). */
function watched(stream: ReadableStream<Uint8Array>): { stream: ReadableStream<Uint8Array>; finished: Promise<void> } {
  let settle!: { resolve: () => void; reject: (e: unknown) => void };
  const finished = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  const reader = stream.getReader();
  const out = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          settle.resolve();
        } else controller.enqueue(value);
      } catch (error) {
        controller.error(error);
        settle.reject(error);
      }
    },
    async cancel(reason) {
      settle.reject(reason instanceof Error ? reason : new Error('download cancelled'));
      await reader.cancel(reason);
    },
  }, new CountQueuingStrategy({ highWaterMark: READ_AHEAD_CHUNKS }));
  return { stream: out, finished };
}

function createServiceWorkerSaver(): StreamSaver {
  let worker: Promise<ServiceWorker> | undefined;
  let active = 0;
  let keepAlive: ReturnType<typeof setInterval> | undefined;
  return {
    async save(request) {
      worker ??= activeWorker();
      let sw: ServiceWorker;
      try {
        sw = await worker;
      } catch {
        // Registration refused (e.g. a privacy mode): small files can still be saved.
        return createBlobSaver().save(request);
      }
      const id = randomId();
      const { stream, finished } = watched(request.stream);
      const channel = new MessageChannel();
      const registered = new Promise<void>((resolve, reject) => {
        channel.port1.onmessage = (event: MessageEvent<{ type: string }>) => {
          if (event.data.type === 'registered') resolve();
          if (event.data.type === 'expired') reject(new SaveUnsupportedError());
        };
      });
      const headers: Record<string, string> = {
        'content-type': request.type,
        'content-disposition': contentDisposition(request.name),
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'",
        ...(request.size !== undefined ? { 'content-length': String(request.size) } : {}),
      };
      sw.postMessage({ type: 'download', id, headers, stream }, [stream, channel.port2]);
      await registered;
      // A hidden frame navigates to the worker's URL: the attachment response becomes a download, the page stays.
      const frame = document.createElement('iframe');
      frame.hidden = true;
      frame.title = 'download';
      frame.src = `${DOWNLOAD_SCOPE}${id}/${encodeURIComponent(request.name)}`;
      document.body.appendChild(frame);
      active += 1;
      // An idle service worker is stopped after ~30 s; a message every 10 s keeps it alive while bytes flow.
      keepAlive ??= setInterval(() => sw.postMessage({ type: 'keepalive' }), 10_000);
      try {
        await finished;
      } finally {
        active -= 1;
        if (active === 0 && keepAlive !== undefined) {
          clearInterval(keepAlive);
          keepAlive = undefined;
        }
        channel.port1.close();
        // Leave the frame a moment: the browser may still be flushing the last bytes into the download.
        setTimeout(() => frame.remove(), 30_000);
      }
    },
  };
}

function createBlobSaver(): StreamSaver {
  return {
    async save(request) {
      if (request.size === undefined || request.size > BLOB_FALLBACK_LIMIT) {
        await request.stream.cancel();
        throw new SaveUnsupportedError();
      }
      const blob = await new Response(request.stream).blob();
      saveBlob(new Blob([blob], { type: request.type }), request.name);
    },
  };
}

/** The best saver this browser supports. */
export function createStreamSaver(): StreamSaver {
  const canStream = 'serviceWorker' in navigator && window.isSecureContext && typeof MessageChannel !== 'undefined';
  return canStream ? createServiceWorkerSaver() : createBlobSaver();
}
