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
});
