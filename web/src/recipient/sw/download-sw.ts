// Download service worker (the StreamSaver approach, written small): the page hands over a ReadableStream of
// decrypted bytes (a transferable stream) for a one-time id; a navigation to `<scope><id>/<name>` is answered with
// that stream as an attachment, so the browser writes it straight to disk and never holds the file in memory.
// Registered with a narrow scope (`/assets/sealpost-dl/`): it never sees the app's own pages or API calls.

interface PendingDownload {
  stream: ReadableStream<Uint8Array>;
  headers: Record<string, string>;
  port: MessagePort;
  timer: ReturnType<typeof setTimeout>;
}

interface ExtendableEventLike extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEventLike extends ExtendableEventLike {
  request: Request;
  respondWith(response: Response | Promise<Response>): void;
}
interface MessageEventLike extends ExtendableEventLike {
  data: unknown;
  ports: readonly MessagePort[];
}
interface ServiceWorkerScope {
  registration: { scope: string };
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEventLike) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEventLike) => void): void;
  addEventListener(type: 'message', listener: (event: MessageEventLike) => void): void;
}

const sw = globalThis as unknown as ServiceWorkerScope;
const pending = new Map<string, PendingDownload>();
// A download not started within this time is dropped (the page went away or the navigation was blocked).
const UNCLAIMED_MS = 60_000;

sw.addEventListener('install', (event) => event.waitUntil(sw.skipWaiting()));
sw.addEventListener('activate', (event) => event.waitUntil(sw.clients.claim()));

sw.addEventListener('message', (event) => {
  const data = event.data as { type?: unknown; id?: unknown; stream?: unknown; headers?: unknown } | null;
  const port = event.ports[0];
  if (data?.type === 'keepalive') return; // Receiving the event is the point: it keeps this worker alive.
  if (data?.type !== 'download' || typeof data.id !== 'string' || !/^[a-f0-9]{32}$/.test(data.id) || !(data.stream instanceof ReadableStream) || !port) return;
  const id = data.id;
  const stream = data.stream as ReadableStream<Uint8Array>;
  const timer = setTimeout(() => {
    pending.delete(id);
    void stream.cancel('not claimed');
    port.postMessage({ type: 'expired' });
  }, UNCLAIMED_MS);
  pending.set(id, { stream, headers: data.headers as Record<string, string>, port, timer });
  port.postMessage({ type: 'registered' });
});

sw.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  const scopePath = new URL(sw.registration.scope).pathname;
  if (!url.pathname.startsWith(scopePath)) return;
  const id = url.pathname.slice(scopePath.length).split('/')[0] ?? '';
  const download = pending.get(id);
  if (!download) {
    event.respondWith(new Response('This download is no longer available. Start it again from the message page.', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } }));
    return;
  }
  // One-time: a second request for the same id (a retry, a prefetch) gets nothing.
  pending.delete(id);
  clearTimeout(download.timer);
  download.port.postMessage({ type: 'started' });
  event.respondWith(new Response(download.stream, { headers: download.headers }));
});
