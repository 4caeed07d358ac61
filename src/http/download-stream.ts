import { Transform, type TransformCallback } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SealpostError } from '../core/errors.ts';
import type { BlobStore } from '../core/ports/blob-store.ts';
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
 * Streams ciphertext to the client with HTTP Range support. While bytes flow, the grant is re-checked
 * every `recheckMs` (a recall or expiry in another server process stops it there), and a recall in this
 * process stops it at once. A download counts once its last byte has gone out.
 */
export function createDownloadStreamer(options: { blobs: BlobStore; recheckMs?: number }): DownloadStreamer {
  const recheckMs = options.recheckMs ?? 2000;
  const active = new Map<string, Set<ActiveDownload>>();

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
      const source = await options.blobs.get(grant.blobKey, { start, end });

      let lastCheck = Date.now();
      const guard = new Transform({
        transform(chunk: Buffer, _encoding, callback: TransformCallback) {
          if (Date.now() - lastCheck < recheckMs) return callback(null, chunk);
          lastCheck = Date.now();
          grant.stillAllowed().then(
            (allowed) => (allowed ? callback(null, chunk) : callback(new SealpostError('SP_ERR_WITHDRAWN'))),
            (error: unknown) => callback(error as Error),
          );
        },
      });
      const entry: ActiveDownload = { recipientId: scope.recipientId, stop: () => guard.destroy(new SealpostError('SP_ERR_WITHDRAWN')) };
      const set = active.get(scope.transferId) ?? new Set<ActiveDownload>();
      set.add(entry);
      active.set(scope.transferId, set);
      const forget = (): void => {
        set.delete(entry);
        if (set.size === 0) active.delete(scope.transferId);
      };
      guard.on('error', () => source.destroy());
      source.on('error', (error) => guard.destroy(error));
      reply.raw.on('close', () => {
        forget();
        if (reply.raw.writableFinished && end === size - 1) {
          grant.complete().catch((error: unknown) => request.log.error({ err: error }, 'recording a download failed'));
        }
      });

      reply
        .code(range ? 206 : 200)
        .header('content-type', 'application/octet-stream')
        .header('content-length', String(end - start + 1))
        .header('accept-ranges', 'bytes')
        .header('content-disposition', `attachment; filename="${grant.file.id}.age"`);
      if (range) reply.header('content-range', `bytes ${start}-${end}/${size}`);
      return reply.send(source.pipe(guard));
    },
  };
}
