import type { S3 } from '@aws-sdk/client-s3';

type Fields = Record<string, unknown>;

const withPrefix = (prefix: string, key: unknown): unknown => (typeof key === 'string' ? prefix + key : key);
const withoutPrefix = (prefix: string, key: unknown): unknown => (typeof key === 'string' && key.startsWith(prefix) ? key.slice(prefix.length) : key);

function prefixInput(input: Fields, prefix: string): Fields {
  const out: Fields = { ...input };
  if ('Key' in input) {
    out.Key = withPrefix(prefix, input.Key);
    return out;
  }
  const del = input.Delete as { Objects?: Array<{ Key?: string }> } | undefined;
  if (del?.Objects) {
    out.Delete = { ...del, Objects: del.Objects.map((o) => ({ ...o, Key: withPrefix(prefix, o.Key) })) };
    return out;
  }
  // A bucket listing (ListMultipartUploads, ListObjectsV2): only this client's keys, and its markers are ours too.
  out.Prefix = prefix + (typeof input.Prefix === 'string' ? input.Prefix : '');
  if ('KeyMarker' in input) out.KeyMarker = withPrefix(prefix, input.KeyMarker);
  if ('StartAfter' in input) out.StartAfter = withPrefix(prefix, input.StartAfter);
  return out;
}

function stripOutput(output: Fields, prefix: string): void {
  if ('Key' in output) output.Key = withoutPrefix(prefix, output.Key);
  if ('NextKeyMarker' in output) output.NextKeyMarker = withoutPrefix(prefix, output.NextKeyMarker);
  for (const list of ['Uploads', 'Contents'] as const) {
    const items = output[list];
    if (Array.isArray(items)) for (const item of items as Fields[]) item.Key = withoutPrefix(prefix, item.Key);
  }
}

/**
 * Puts every object a client touches under `prefix` (e.g. `uploads/`), so a library that names objects after
 * its own ids (@tus/s3-store: `ID`, `ID.info`, `ID.part`) keeps to its corner of a bucket the blob store shares,
 * and its bucket-wide listings (expired multipart uploads) see only its own objects. Keys come back without the
 * prefix, so the library never notices.
 */
export function keepKeysUnder(client: S3, prefix: string): void {
  if (!prefix) return;
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next({ ...args, input: prefixInput(args.input as Fields, prefix) });
      if (result.output && typeof result.output === 'object') stripOutput(result.output as unknown as Fields, prefix);
      return result;
    },
    { step: 'initialize', name: 'sealpostKeyPrefix' },
  );
}
