/** Base64 as MIME (RFC 2045 §6.8) and OpenPGP armor (RFC 9580 §6.2) want it: lines of 76 characters, CRLF. Node only. */
const LINE_BYTES = 57; // 76 base64 characters per line (RFC 2045 §6.8)

/** Base64 in lines of 76 characters, each ended by CRLF. */
export function base64Lines(data: Uint8Array): Buffer {
  const lines = Math.ceil(data.length / LINE_BYTES);
  const out = Buffer.alloc(Math.ceil(data.length / 3) * 4 + lines * 2);
  const source = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let at = 0;
  // Blocks of 1024 lines: one toString per block, then the line breaks copied in.
  for (let start = 0; start < data.length; start += LINE_BYTES * 1024) {
    const block = source.subarray(start, start + LINE_BYTES * 1024).toString('base64');
    for (let i = 0; i < block.length; i += 76) {
      at += out.write(block.slice(i, i + 76), at, 'latin1');
      at += out.write('\r\n', at, 'latin1');
    }
  }
  return out.subarray(0, at);
}
