import type { IncomingMessage } from 'node:http';
import { finished } from 'node:stream';
import { Server as TusServer, type Locker } from '@tus/server';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { isSealpostError, SealpostError } from '../../core/errors.ts';
import type { TransferContext } from '../../core/transfers/context.ts';
import { hstsFor, securityHeaders } from '../security-headers.ts';
import { authenticateUploader, authorizeUpload, completeUpload, uploaderActor, type Uploader, type UploadTarget } from '../../core/transfers/uploads.ts';
import type { UploadStaging } from '../upload-staging.ts';
import { publicAccess, type AnyAuthRequirement, type AuthRequirement } from '../principal.ts';
import { bearerToken } from '../request-context.ts';
import type { StaffAuth } from '../staff-auth.ts';

export const UPLOAD_PATH = '/api/uploads';
const idPattern = /^[A-Za-z0-9_-]{22}$/;

export interface UploadRoutesOptions {
  /** Where partial uploads wait (local disk or the object store) and how a finished one becomes its blob. */
  staging: UploadStaging;
  /** Lock per upload shared by all server processes (see upload-locker.ts); tus's per-process lock otherwise. */
  locker?: Locker;
  /** Where accounts are wired: a signed-in staff member uploads into their own messages (session or any way the seam accepts). */
  staff?: StaffAuth | undefined;
}

/** tus answers a thrown object with its `status_code` and `body`; ours carry the stable error code as JSON. */
class TusHookError extends Error {
  readonly status_code: number;
  readonly body: string;
  constructor(error: SealpostError) {
    super(error.message);
    this.status_code = error.status;
    this.body = JSON.stringify({ error: { code: error.code, message: error.message, details: error.details } });
  }
}

function tusError(error: unknown): TusHookError {
  return new TusHookError(isSealpostError(error) ? error : new SealpostError('SP_ERR_INTERNAL', { cause: error }));
}

/** A failure outside tus's hooks, answered as tus answers a hook's: our JSON error with its status. */
function errorResponse(error: unknown): Response {
  const failure = tusError(error);
  return new Response(failure.body, { status: failure.status_code, headers: { 'content-type': 'application/json', 'tus-resumable': '1.0.0' } });
}

/** Wraps a tus hook so every failure reaches the client as our JSON error with its status. */
function hook<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await fn(...args);
    } catch (error) {
      throw tusError(error);
    }
  };
}

/**
 * Resumable uploads of ciphertext over the tus protocol (@tus/server). The upload id is the file id the
 * server handed out at compose time, the length must equal the declared size, and only the owner of
 * the draft may write. A finished upload moves into the blob store and the file is marked complete.
 */
/** Bytes of request body the web stream may hold before the socket is paused. */
const BODY_BUFFER_BYTES = 1024 * 1024;

/**
 * The request body as a web stream that passes Node's chunks through as they are. (Readable.toWeb copies
 * every chunk into a new Uint8Array — a GiB of copies and garbage per GiB uploaded — and by default counts
 * its buffer in chunks, so a fast client could park up to 16384 chunks — hundreds of MiB — in memory while
 * the disk catches up: nodejs/node#46347. This one pauses the socket once 1 MiB waits.)
 */
function bodyStream(raw: IncomingMessage): ReadableStream<Uint8Array> {
  let done = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        raw.on('data', (chunk: Buffer) => {
          if (done) return;
          controller.enqueue(chunk);
          if ((controller.desiredSize ?? 0) <= 0) raw.pause();
        });
        finished(raw, (error) => {
          if (done) return;
          done = true;
          if (error) controller.error(error);
          else controller.close();
        });
      },
      pull() {
        raw.resume();
      },
      cancel(reason) {
        done = true;
        raw.destroy(reason instanceof Error ? reason : undefined);
      },
    },
    { highWaterMark: BODY_BUFFER_BYTES, size: (chunk) => chunk.byteLength },
  );
}

function toWebRequest(request: FastifyRequest): Request {
  const raw = request.raw;
  const abort = new AbortController();
  raw.once('close', () => {
    if (!raw.complete) abort.abort();
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = raw.method !== 'GET' && raw.method !== 'HEAD';
  const body = hasBody ? bodyStream(raw) : null;
  return new Request(new URL(raw.url ?? '/', 'http://localhost'), { method: raw.method ?? 'GET', headers, body, signal: abort.signal, ...(body ? { duplex: 'half' } : {}) });
}

export function uploadRoutes(ctx: TransferContext, options: UploadRoutesOptions): { plugin: FastifyPluginAsync; tus: TusServer } {
  const ownOrigin = new URL(ctx.publicUrl).origin;
  const responseHeaders = securityHeaders({ hsts: hstsFor(ctx.publicUrl) });
  const { datastore } = options.staging;
  // Who is uploading is settled by the principal plugin before the body is read; tus's hooks see only the web
  // Request, so the caller is handed over per request.
  const bearerCallers = new WeakMap<FastifyRequest, Uploader>();
  const callers = new WeakMap<Request, Uploader>();
  const callerOf = (req: Request): Uploader => {
    const caller = callers.get(req);
    if (!caller) throw new SealpostError('SP_ERR_UNAUTHORIZED');
    return caller;
  };
  // A guest sender's or a recipient's bearer token (the guest pages, the CLI, replies). Tried first: an explicit token
  // says who is asking, also in a browser that happens to hold a staff cookie for the same origin.
  const bearerUploader: AuthRequirement<'service'> = {
    kind: 'service',
    variant: 'tus upload: guest sender or recipient bearer token',
    resolve: async (request) => {
      bearerCallers.set(request, await authenticateUploader(ctx, bearerToken(request)));
      return { kind: 'service', name: 'tus-upload' };
    },
  };
  const uploadAuth: AnyAuthRequirement[] = options.staff ? [bearerUploader, options.staff.sender] : [bearerUploader];
  const uploaderOf = (request: FastifyRequest): Uploader | undefined => {
    const principal = request.principal;
    // A CORS preflight: tus answers it without touching any upload.
    if (principal.kind === 'anonymous') return undefined;
    if (principal.kind === 'staff') return { kind: 'staff', email: principal.email, userId: principal.userId, orgId: principal.orgId };
    const caller = bearerCallers.get(request);
    if (!caller) throw new SealpostError('SP_ERR_UNAUTHORIZED');
    return caller;
  };

  const tus = new TusServer({
    path: UPLOAD_PATH,
    datastore,
    relativeLocation: true,
    // CORS only for our own origin (the web app is same-origin anyway); tus's default answers any origin with '*'.
    allowedOrigins: (origin) => origin === ownOrigin,
    maxSize: ctx.policy.maxFileBytes,
    disableTerminationForFinishedUploads: true,
    ...(options.locker ? { locker: options.locker } : {}),
    namingFunction: (_req, metadata) => {
      const id = metadata?.fileId ?? '';
      if (!idPattern.test(id)) throw tusError(new SealpostError('SP_ERR_VALIDATION', { message: 'Upload-Metadata must name the fileId' }));
      return id;
    },
    onIncomingRequest: hook(async (req, uploadId) => {
      const caller = callerOf(req);
      if (uploadId && req.method !== 'POST') {
        if (!idPattern.test(uploadId)) throw new SealpostError('SP_ERR_NOT_FOUND');
        await authorizeUpload(ctx, caller, uploadId, undefined, { allowComplete: req.method === 'HEAD' });
      }
    }),
    onUploadCreate: hook(async (req, upload) => {
      // Deferred length is refused: the declared size is checked before any byte is stored.
      if (upload.size === undefined) throw new SealpostError('SP_ERR_VALIDATION', { message: 'Upload-Length is required' });
      await authorizeUpload(ctx, callerOf(req), upload.id, upload.size);
      return {};
    }),
    onUploadFinish: hook(async (req, upload) => {
      const caller = callerOf(req);
      await finishUpload(caller, await authorizeUpload(ctx, caller, upload.id, upload.size));
      return {};
    }),
  });

  /** The last byte arrived: the staged upload becomes the file's blob, and the file is complete. */
  async function finishUpload(caller: Uploader, target: UploadTarget): Promise<void> {
    await options.staging.finish(target, target.file.id);
    await completeUpload(ctx, target, uploaderActor(caller));
  }

  /**
   * HEAD (a resuming client asks for the offset) of a file whose bytes are all there: finished (its staging is
   * gone, so tus would answer 404 and a client that lost the answer to its last PATCH would start over), or staged
   * in full by a process that died before finishing it (finished here). Answered here: offset = length. Undefined
   * for a file still missing bytes: tus answers with the staged offset.
   */
  async function headOfFinished(caller: Uploader, uploadId: string): Promise<Response | undefined> {
    const target = await authorizeUpload(ctx, caller, uploadId, undefined, { allowComplete: true });
    if (target.file.status === 'pending') await finishInterrupted(caller, target);
    if ((await ctx.repos.files.get(uploadId))?.status !== 'complete') return undefined;
    const size = String(target.file.size);
    return new Response(null, { status: 200, headers: { 'tus-resumable': '1.0.0', 'upload-offset': size, 'upload-length': size, 'cache-control': 'no-store' } });
  }

  /**
   * Every byte is staged but the file is not complete: the process that received the last byte died before it
   * finished (or before the object store's multipart upload was closed). tus reports the upload complete, so the
   * client will not write again and would find its send refused; the finish happens here instead, under the
   * upload's lock, once.
   */
  async function finishInterrupted(caller: Uploader, target: UploadTarget): Promise<void> {
    const id = target.file.id;
    const staged = await datastore.getUpload(id).catch(() => undefined);
    if (staged?.size === undefined || staged.offset !== staged.size) return;
    const lock = options.locker?.newLock(id);
    await lock?.lock(AbortSignal.timeout(30_000), () => undefined);
    try {
      if ((await ctx.repos.files.get(id))?.status !== 'pending') return;
      await options.staging.completeInterrupted?.(id);
      await finishUpload(caller, target);
    } finally {
      await lock?.unlock();
    }
  }

  const plugin: FastifyPluginAsync = async (app) => {
    // tus reads the raw request body itself.
    app.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));
    // The caller is authenticated by the principal plugin; tus's hooks check, per upload, that it owns the file.
    const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
      const caller = uploaderOf(request);
      reply.hijack();
      const webRequest = toWebRequest(request);
      if (caller) callers.set(webRequest, caller);
      const headId = request.method === 'HEAD' ? /\/([^/?]+)(?:\?|$)/.exec(request.url.slice(UPLOAD_PATH.length))?.[1] : undefined;
      const finishedHead = caller && headId && idPattern.test(headId) ? await headOfFinished(caller, headId).catch(errorResponse) : undefined;
      const response = finishedHead ?? (await tus.handleWeb(webRequest));
      // tus answers with headers and at most a short text body.
      const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
      // Hijacked replies skip the onSend hook, so the headers every other route gets are added here.
      reply.raw.writeHead(response.status, { ...Object.fromEntries(response.headers), ...responseHeaders });
      reply.raw.end(body);
    };
    for (const url of [UPLOAD_PATH, `${UPLOAD_PATH}/*`]) {
      app.route({ method: app.supportedMethods.filter((m) => m !== 'OPTIONS'), url, config: { auth: uploadAuth }, schema: { hide: true }, handler });
      // A CORS preflight never carries credentials (tus answers it, for our own origin only).
      app.route({ method: 'OPTIONS', url, config: { auth: [publicAccess] }, schema: { hide: true }, handler });
    }
  };
  return { plugin, tus };
}
