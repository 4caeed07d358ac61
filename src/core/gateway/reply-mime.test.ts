import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { buildReplyMime, type ReplyMimeInput } from './reply-mime.ts';

async function* bytes(b: Uint8Array): AsyncIterable<Uint8Array> {
  yield b;
}

const base: ReplyMimeInput = {
  replyId: 'r1', from: 'no-reply@sealpost.example', replyTo: 'anna@client.example', to: 'jan@praxis.example', lang: 'nl',
  originalSubject: 'Uitslag', originalMessageId: 'm1@praxis.example', date: new Date('2026-01-02T03:04:05Z'), text: 'Dank u', attachments: [],
};

describe('buildReplyMime', () => {
  it('answers in the sender language, does not stack Re:/AW:, threads to the original, keeps one Message-ID per reply', async () => {
    const parsed = await simpleParser(Buffer.from(await buildReplyMime({ ...base, originalSubject: 'AW: Re: Uitslag' })));
    expect(parsed.subject).toBe('Antw: Uitslag');
    expect(parsed.messageId).toBe('<reply-r1@sealpost.example>');
    expect(parsed.inReplyTo).toBe('<m1@praxis.example>');
    expect(parsed.references).toBe('<m1@praxis.example>');
    expect(parsed.headers.get('x-sealpost-reply')).toBe('r1');
  });

  it('without subject or Message-ID: the "secure reply from" subject and no threading headers; binary attachments exact', async () => {
    const file = new Uint8Array(70_000).map((_, i) => (i * 7) & 0xff);
    const raw = Buffer.from(await buildReplyMime({ ...base, lang: 'de', originalSubject: '', originalMessageId: null, attachments: [{ name: 'a b.bin', type: 'application/octet-stream', content: bytes(file) }] }));
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe('Sichere Antwort von anna@client.example');
    expect(parsed.inReplyTo).toBeUndefined();
    expect(parsed.attachments[0]?.filename).toBe('a b.bin');
    expect(Buffer.compare(parsed.attachments[0]!.content, Buffer.from(file))).toBe(0);
  });
});
