import { addAbortSignal, type Readable } from 'node:stream';
import { z } from 'zod';
import { SealpostError } from '../../core/errors.ts';
import type { GetOptions, PutOptions } from '../../core/ports/blob-store.ts';

/** Option checks shared by every BlobStore adapter, so local disk and S3 refuse exactly the same inputs. */
const sizeSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const putOptionsSchema = z.strictObject({
  maxBytes: sizeSchema.optional(),
  expectedBytes: sizeSchema.optional(),
  signal: z.instanceof(AbortSignal).optional(),
});
const getOptionsSchema = z.strictObject({
  start: sizeSchema.optional(),
  end: sizeSchema.optional(),
  signal: z.instanceof(AbortSignal).optional(),
});

function parseOptions<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    const fields = result.error.issues.map((issue) => issue.path.join('.'));
    throw new SealpostError('SP_ERR_VALIDATION', { details: { fields } });
  }
  return result.data;
}

/** Validated put options; an `expectedBytes` above `maxBytes` is refused before a byte is read. */
export function parsePutOptions(value: PutOptions | undefined): z.output<typeof putOptionsSchema> {
  const options = parseOptions(putOptionsSchema, value);
  const { maxBytes, expectedBytes } = options;
  if (maxBytes !== undefined && expectedBytes !== undefined && expectedBytes > maxBytes) {
    throw new SealpostError('SP_ERR_TOO_LARGE', { details: { maxBytes, expectedBytes } });
  }
  return options;
}

/**
 * Validated get options. An already-aborted signal is refused before the blob is opened: a stream born
 * aborted errors on the next tick, before any caller can listen, and an unheard stream error ends the process.
 */
export function parseGetOptions(value: GetOptions | undefined): z.output<typeof getOptionsSchema> {
  const options = parseOptions(getOptionsSchema, value);
  options.signal?.throwIfAborted();
  return options;
}

/**
 * Ties a download stream to the caller's signal. A signal that fired while the blob was being opened is
 * thrown here instead: the stream would error before its caller could listen.
 */
export function abortableDownload<T extends Readable>(stream: T, signal: AbortSignal | undefined): T {
  if (!signal) return stream;
  if (signal.aborted) {
    stream.destroy();
    throw signal.reason;
  }
  return addAbortSignal(signal, stream);
}

/** HTTP-style inclusive range checked against the real size; undefined means the whole blob. */
export function resolveRange(size: number, start?: number, end?: number): { start: number; end: number } | undefined {
  if (start === undefined && end === undefined) return undefined;
  const from = start ?? 0;
  const to = end ?? size - 1;
  if (from > to || to >= size) {
    throw new SealpostError('SP_ERR_RANGE', { details: { size, start, end } });
  }
  return { start: from, end: to };
}
