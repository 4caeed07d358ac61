import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, describe, expect, it } from 'vitest';
import type { SecureMailContent, SpooledAttachment } from '../../core/gateway/model.ts';
import { SealpostError } from '../../core/errors.ts';
import { createSpool } from '../spool.ts';
import { buildInnerMime } from './inner-mime.ts';

const files: Array<{ discard(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(files.map((file) => file.discard()));
});

async function attachment(bytes: Buffer, meta: Omit<SpooledAttachment, 'size' | 'read'>): Promise<SpooledAttachment> {
  const writer = await createSpool(await mkdtemp(join(tmpdir(), 'inner-')));
  await writer.write(bytes);
  const file = await writer.finish();
  files.push(file);
  return { size: file.size, read: (start) => file.read(start), ...meta };
}

function content(overrides: Partial<SecureMailContent> = {}): SecureMailContent {
  return {
    from: { address: 'a@praxis.example', name: 'Ä. Sender' }, to: ['r@example.org'], cc: [], subject: 'Grüße (ohne Tag)',
    date: new Date('2026-11-30T10:00:00Z'), inReplyTo: null, references: [], text: 'Hallo', html: null, attachments: [], links: [], lang: 'en',
    ...overrides,
  };
}

describe('inner MIME entity', () => {
  it('is text/alternative/related/mixed as the content needs, with the inline image related by Content-ID', async () => {
    const image = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    const file = Buffer.from('%PDF-1.7\n\u0000\u00ff');
    const mime = await buildInnerMime(content({
      html: '<p>Hallo <img src="cid:img1"></p>',
      attachments: [
        await attachment(image, { name: 'bild.png', type: 'image/png', contentId: 'img1', inline: true }),
        await attachment(file, { name: 'Bericht.pdf', type: 'application/pdf', contentId: null, inline: false }),
      ],
    }), { messageId: 'm1@praxis.example' });
    const source = mime.toString('latin1');
    expect(source).toMatch(/Content-Type: multipart\/mixed/);
    expect(source).toMatch(/Content-Type: multipart\/alternative/);
    expect(source).toMatch(/Content-Type: multipart\/related; type="text\/html"/);
    expect(source).not.toMatch(/[^\r]\n/);
    const parsed = await simpleParser(mime);
    expect(parsed.messageId).toBe('<m1@praxis.example>');
    expect(parsed.subject).toBe('Grüße (ohne Tag)');
    expect(parsed.attachments.find((a) => a.cid === 'img1')).toMatchObject({ related: true, contentDisposition: 'inline' });
    expect(parsed.attachments.find((a) => a.filename === 'Bericht.pdf')!.content.equals(file)).toBe(true);
  });

  it('has no links block without links, and one before </body> with them', async () => {
    expect((await simpleParser(await buildInnerMime(content(), { messageId: 'm2@x' }))).text?.trim()).toBe('Hallo');
    const parsed = await simpleParser(await buildInnerMime(content({
      html: '<html><body><p>Hallo</p></body></html>',
      links: [{ name: '<b>x</b>.zip', size: 2_000_000, url: 'https://s.example/m/1' }],
    }), { messageId: 'm3@x' }));
    expect(parsed.text).toContain('One file was too large');
    expect(parsed.html).toMatch(/<a href="https:\/\/s\.example\/m\/1">&lt;b&gt;x&lt;\/b&gt;\.zip<\/a>.*<\/ul><\/div><\/body>/s);
  });

  it('refuses a link that is not http(s)', async () => {
    const bad = content({ links: [{ name: 'x', size: 1, url: 'javascript:alert(1)' }] });
    await expect(buildInnerMime(bad, { messageId: 'm4@x' })).rejects.toSatisfy((e) => e instanceof SealpostError && e.code === 'SP_ERR_INTERNAL');
  });
});
