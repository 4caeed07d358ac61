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

export function parseGetOptions(value: GetOptions | undefined): z.output<typeof getOptionsSchema> {
  return parseOptions(getOptionsSchema, value);
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
