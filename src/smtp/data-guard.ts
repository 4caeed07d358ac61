/**
 * Checks the DATA of one SMTP transaction as it streams in, before anything else looks at it:
 * - every line ends in CRLF: a bare LF or bare CR is refused (RFC 5321 §2.3.8). This is the SMTP-smuggling defence:
 *   `<LF>.<CR><LF>` or `<CR><LF>.<LF>` is not an end of data to smtp-server, but another MTA down the line might
 *   take it for one, so a mail carrying it never goes on;
 * - the header section (up to the first empty line) stays under its limit;
 * - the whole mail stays under its limit (enforced while counting, the spool stops growing at once).
 * The first violation wins; the listener keeps draining the stream and answers with it at the end.
 */
export type DataViolation =
  | { kind: 'bare-line-ending'; code: 554; enhanced: '5.6.0'; text: string }
  | { kind: 'message-too-large'; code: 552; enhanced: '5.3.4'; text: string }
  | { kind: 'header-too-large'; code: 552; enhanced: '5.3.4'; text: string };

export interface DataGuard {
  /** Checks the next piece; returns the violation once one is found (and for every later piece). */
  push(chunk: Uint8Array): DataViolation | null;
  /** Checks the end of the data (a CR as the very last byte is bare). */
  end(): DataViolation | null;
  readonly bytes: number;
}

const CR = 0x0d;
const LF = 0x0a;

export function createDataGuard(limits: { maxMessageBytes: number; maxHeaderBytes: number }): DataGuard {
  let violation: DataViolation | null = null;
  let bytes = 0;
  let previous = -1;
  // Bytes of the current line so far and whether the header section is still open.
  let lineLength = 0;
  let inHeader = true;
  let headerBytes = 0;

  const bare = (): DataViolation => ({
    kind: 'bare-line-ending',
    code: 554,
    enhanced: '5.6.0',
    text: 'Bare LF or CR in the message; lines must end in CRLF (RFC 5321 2.3.8)',
  });

  /** Byte by byte while the header section is open (its size and end need counting); returns where the body starts. */
  function scanHeader(chunk: Uint8Array): DataViolation | number {
    let i = 0;
    for (; i < chunk.length && inHeader; i++) {
      const byte = chunk[i]!;
      if (byte === LF && previous !== CR) return bare();
      if (previous === CR && byte !== LF) return bare();
      headerBytes += 1;
      if (byte === LF) {
        // "\r\n" alone on a line ends the header section.
        if (lineLength === 1) inHeader = false;
        lineLength = 0;
      } else {
        lineLength += 1;
      }
      if (inHeader && headerBytes > limits.maxHeaderBytes) {
        return { kind: 'header-too-large', code: 552, enhanced: '5.3.4', text: `Header section exceeds ${limits.maxHeaderBytes} bytes` };
      }
      previous = byte;
    }
    return i;
  }

  /** The body from `from`: native indexOf finds the line ends (a 1 GiB attachment is not walked byte by byte in JS). */
  function scanBody(chunk: Uint8Array, from: number): DataViolation | null {
    if (from >= chunk.length) return null;
    if (previous === CR && chunk[from] !== LF) return bare();
    for (let at = chunk.indexOf(LF, from); at !== -1; at = chunk.indexOf(LF, at + 1)) {
      if ((at === from ? previous : chunk[at - 1]) !== CR) return bare();
    }
    // A CR must be followed by LF; one that ends the chunk is checked against the next chunk's first byte.
    for (let at = chunk.indexOf(CR, from); at !== -1 && at + 1 < chunk.length; at = chunk.indexOf(CR, at + 1)) {
      if (chunk[at + 1] !== LF) return bare();
    }
    previous = chunk[chunk.length - 1]!;
    return null;
  }

  function scan(chunk: Uint8Array): DataViolation | null {
    const bodyStart = inHeader ? scanHeader(chunk) : 0;
    if (typeof bodyStart !== 'number') return bodyStart;
    return scanBody(chunk, bodyStart);
  }

  return {
    get bytes() {
      return bytes;
    },
    push(chunk) {
      if (violation) return violation;
      bytes += chunk.length;
      if (bytes > limits.maxMessageBytes) {
        violation = { kind: 'message-too-large', code: 552, enhanced: '5.3.4', text: `Message exceeds the maximum size of ${limits.maxMessageBytes} bytes` };
        return violation;
      }
      violation = scan(chunk);
      return violation;
    },
    end() {
      if (violation) return violation;
      if (previous === CR) violation = bare();
      return violation;
    },
  };
}
