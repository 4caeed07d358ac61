import type { Readable } from 'node:stream';

/** Reads a (small) stream into memory; for probes and tests, never for user content. */
export async function readStreamFully(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}
