/** A slice of an upload: exactly `partBytes` long unless it is the last one (which may be shorter or empty). */
export interface UploadPart {
  bytes: Buffer;
  last: boolean;
}

/**
 * Cuts a byte stream into parts of `partBytes`, looking ahead one byte so every part knows whether it is
 * the last: a blob that fits one part becomes a single PutObject, a larger one a multipart upload. Holds at
 * most one part (plus one incoming chunk) in memory.
 */
export async function* partsOf(chunks: AsyncIterable<Uint8Array>, partBytes: number): AsyncGenerator<UploadPart> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of chunks) {
    pending.push(Buffer.from(chunk)); // a copy: a producer may reuse its buffer once we asked for the next chunk
    pendingBytes += chunk.byteLength;
    while (pendingBytes > partBytes) {
      const all = Buffer.concat(pending, pendingBytes);
      const rest = Buffer.from(all.subarray(partBytes));
      yield { bytes: all.subarray(0, partBytes), last: false };
      pending = [rest];
      pendingBytes = rest.byteLength;
    }
  }
  yield { bytes: Buffer.concat(pending, pendingBytes), last: true };
}
