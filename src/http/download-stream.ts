import { Readable, Transform, type TransformCallback } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SealpostError } from '../core/errors.ts';
import type { BlobStores } from '../core/ports/blob-store.ts';
import type { DownloadGrant } from '../core/transfers/downloads.ts';
import type { RecallListener } from '../core/transfers/follow-up.ts';

export interface DownloadStreamer {
  send(request: FastifyRequest, reply: FastifyReply, grant: DownloadGrant, scope: { transferId: string; recipientId?: string }): Promise<FastifyReply>;
  /** Stops every download under way in this process for the recalled message or recipient. */
  onRecall: RecallListener;
}

interface ActiveDownload {
  recipientId: string | undefined;
  stop(): void;
}

export function parseRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) throw new SealpostError('SP_ERR_RANGE');
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start > end || start >= size) throw new SealpostError('SP_ERR_RANGE', { details: { size } });
  return { start, end };
}

/**
 * Streams ciphertext to the client with HTTP Range support. The grant decides before the first byte whether
 * the range may go out (download limits). While bytes flow, the grant is re-checked every `recheckMs` (a
 * recall or expiry in another server process stops it there), and a recall in this process stops it at once.
 * A download counts as complete once the file's last byte has gone out.
 */
export function createDownloadStreamer(options: { blobs: BlobStores; recheckMs?: number }): DownloadStreamer {
  const recheckMs = options.recheckMs ?? 2000;
  const active = new Map<string, Set<ActiveDownload>>();

  function track(transferId: string, entry: ActiveDownload): () => void {
    const set = active.get(transferId) ?? new Set<ActiveDownload>();
    set.add(entry);
    active.set(transferId, set);
    return () => {
      set.delete(entry);
      if (set.size === 0) active.delete(transferId);
    };
  }

  return {
    onRecall({ transferId, recipientId }) {
      for (const download of active.get(transferId) ?? []) {
        if (!recipientId || download.recipientId === recipientId) download.stop();
      }
    },

    async send(request, reply, grant, scope) {
      const size = grant.file.size;
      const range = parseRange(request.headers.range, size);
      const start = range?.start ?? 0;
      const end = range?.end ?? size - 1;
      reply
        .code(range ? 206 : 200)
        .header('content-type', 'application/octet-stream')
        .header('content-length', String(end - start + 1))
        .header('accept-ranges', 'bytes')
        .header('content-disposition', `attachment; filename="${grant.file.id}.age"`)
        // A buffering reverse proxy (nginx) would take bytes the client never gets and spoil resumes.
        .header('x-accel-buffering', 'no');
      if (range) reply.header('content-range', `bytes ${start}-${end}/${size}`);
      // HEAD tells the size without starting a download. (Fastify's HEAD route drops a stream body but keeps the
      // content-length set above; an empty body would make it 0.)
      if (request.method === 'HEAD') return reply.send(Readable.from([]));

      const session = await grant.begin({ start, end });
      let source: Readable;
      try {
        source = await options.blobs.open(grant.file.blobStore).get(grant.blobKey, { start, end });
      } catch (error) {
        await session.release(start);
        throw error;
      }
      let served = start;
      let released = false;
      const release = (): Promise<void> => {
        if (released) return Promise.resolve();
        released = true;
        return session.release(served);
      };
      let lastCheck = Date.now();
      const guard = new Transform({
        transform(chunk: Buffer, _encoding, callback: TransformCallback) {
          served += chunk.length;
          // The lease ends before the last bytes leave, so a client resuming right after is not turned away.
          if (served === end + 1) {
            // A lease left behind (database briefly away) only lapses after a minute: no reason to fail the bytes.
            return void release().then(
              () => callback(null, chunk),
              (error: unknown) => {
                request.log.warn({ err: error }, 'releasing a download lease failed');
                callback(null, chunk);
              },
            );
          }
          if (Date.now() - lastCheck < recheckMs) return callback(null, chunk);
          lastCheck = Date.now();
          session.stillAllowed(served).then(
            (allowed) => (allowed ? callback(null, chunk) : callback(new SealpostError('SP_ERR_WITHDRAWN'))),
            (error: unknown) => callback(error as Error),
          );
        },
      });
      const forget = track(scope.transferId, { recipientId: scope.recipientId, stop: () => guard.destroy(new SealpostError('SP_ERR_WITHDRAWN')) });
      guard.on('error', () => source.destroy());
      source.on('error', (error) => guard.destroy(error));
      reply.raw.on('close', () => {
        forget();
        const log = (error: unknown): void => request.log.error({ err: error }, 'recording a download failed');
        release().catch(log);
        if (reply.raw.writableFinished && end === size - 1) session.complete().catch(log);
      });
      return reply.send(source.pipe(guard));
    },
  };
}
