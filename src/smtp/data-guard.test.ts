import { describe, expect, it } from 'vitest';
import { createDataGuard } from './data-guard.ts';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const limits = { maxMessageBytes: 1000, maxHeaderBytes: 100 };

function run(pieces: string[], l = limits): string | null {
  const guard = createDataGuard(l);
  for (const piece of pieces) {
    const v = guard.push(enc(piece));
    if (v) return v.kind;
  }
  return guard.end()?.kind ?? null;
}

describe('data guard', () => {
  it('passes CRLF mail, whatever the chunking', () => {
    const mail = 'Subject: hi\r\nX: y\r\n\r\nbody line\r\n.. dot\r\n\r\nend\r\n';
    expect(run([mail])).toBeNull();
    expect(run(mail.split(''))).toBeNull();
    expect(run([mail.slice(0, 12), mail.slice(12)])).toBeNull(); // split between CR and LF
  });

  it('refuses a bare LF, a bare CR and both smuggling sequences, also across chunk boundaries', () => {
    expect(run(['Subject: a\nX: b\r\n\r\n'])).toBe('bare-line-ending');
    expect(run(['Subject: a\r\n\r\nbody\rmore\r\n'])).toBe('bare-line-ending');
    expect(run(['Subject: a\r\n\r\nbody\n.\r\nMAIL FROM:<x@y>\r\n'])).toBe('bare-line-ending');
    expect(run(['Subject: a\r\n\r\nbody\r\n.\nMAIL FROM:<x@y>\r\n'])).toBe('bare-line-ending');
    expect(run(['Subject: a\r\n\r\nbody\r', 'x\r\n'])).toBe('bare-line-ending');
    expect(run(['Subject: a\r\n\r\nbody', '\n'])).toBe('bare-line-ending');
    expect(run(['Subject: a\r\n\r\nbody\r'])).toBe('bare-line-ending');
  });

  it('refuses a header section over its limit, not a long body', () => {
    expect(run([`Subject: ${'a'.repeat(120)}\r\n\r\nbody\r\n`])).toBe('header-too-large');
    expect(run([`Subject: a\r\n\r\n${'b'.repeat(500)}\r\n`])).toBeNull();
    // No empty line at all: everything is header.
    expect(run([`Subject: a\r\n${'X-A: 1\r\n'.repeat(20)}`])).toBe('header-too-large');
  });

  it('refuses a mail over the size limit as soon as it is exceeded, and keeps saying so', () => {
    const guard = createDataGuard(limits);
    expect(guard.push(enc(`Subject: a\r\n\r\n${'b'.repeat(900)}`))).toBeNull();
    expect(guard.push(enc('b'.repeat(200)))?.kind).toBe('message-too-large');
    expect(guard.push(enc('\r\n'))?.kind).toBe('message-too-large');
    expect(guard.end()).toMatchObject({ code: 552, enhanced: '5.3.4' });
  });

  it('agrees with a byte-by-byte reference on random mails split at random points', () => {
    // Reference: every LF preceded by CR, every CR followed by LF.
    const reference = (bytes: Uint8Array): boolean => bytes.every((b, i) => (b === 0x0a ? bytes[i - 1] === 0x0d : b === 0x0d ? bytes[i + 1] === 0x0a : true));
    const alphabet = [0x0d, 0x0a, 0x41, 0x2e, 0x20];
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 3000; round++) {
      const head = enc('Subject: x\r\n\r\n');
      const body = Array.from({ length: random(40) }, () => (random(3) === 0 ? [0x0d, 0x0a] : [alphabet[random(alphabet.length)]!])).flat();
      const bytes = new Uint8Array([...head, ...body]);
      const guard = createDataGuard({ maxMessageBytes: 10_000, maxHeaderBytes: 1000 });
      let verdict = null;
      for (let at = 0; at < bytes.length && !verdict; ) {
        const size = 1 + random(8);
        verdict = guard.push(bytes.subarray(at, at + size));
        at += size;
      }
      verdict ??= guard.end();
      expect(verdict === null, `round ${round}: ${JSON.stringify([...bytes])}`).toBe(reference(bytes));
    }
  });
});
