// The gateway's PDF mail opened by the Debian tools a recipient's reader stands in for: qpdf reports revision 6 with
// AESv3 for strings, streams and files; pdftotext shows the text with the recipient's password; attachments come out
// byte-exact; a wrong password opens nothing; nothing of the message is readable in the file without it.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecureMailContent, SpooledAttachment } from '../../src/core/gateway/model.ts';
import { nodePdfPrimitives } from '../../src/crypto/node/pdf-primitives.ts';
import { pdfPasswordMaterial } from '../../src/crypto/pdf-r6.ts';
import { buildEncryptedPdf, buildPdfMail } from '../../src/smtp/out/pdf-mail.ts';

const run = promisify(execFile);
const PASSWORD = 'Ærø-Łódź Grüße 2026';
const material = pdfPasswordMaterial(PASSWORD, undefined, nodePdfPrimitives);
const replyUrl = 'https://sealpost.example/#/reply/thread-7f3a';

function attachment(name: string, bytes: Uint8Array, type = 'application/octet-stream'): SpooledAttachment {
  return {
    name, type, contentId: null, inline: false, size: bytes.length,
    async *read(start = 0) {
      // In chunks, as the spool hands them out.
      for (let i = start; i < bytes.length; i += 1000) yield bytes.subarray(i, Math.min(bytes.length, i + 1000));
    },
  };
}

const binary = new Uint8Array(70_000).map((_, i) => (i * 7919 + 13) % 256);
const csv = new TextEncoder().encode('Name;Betrag\nŁukasz;12,50\nMüller;3,00\n');

function content(overrides: Partial<SecureMailContent> = {}): SecureMailContent {
  const longParagraph = Array.from({ length: 400 }, (_, i) => `Zeile ${i} mit etwas Text, damit die Nachricht über mehrere Seiten läuft.`).join(' ');
  return {
    from: { address: 'lukasz@praxis.example', name: 'Łukasz Müller' },
    to: ['anna@example.dk'], cc: ['ærø@example.dk'],
    subject: 'Befund für Frau Ærø',
    date: new Date('2026-11-30T09:15:00Z'),
    inReplyTo: '<prev@praxis.example>', references: ['<first@praxis.example>', '<prev@praxis.example>'],
    text: `Guten Tag Frau Ærø,\n\nanbei der Befund. Grüße von Łukasz Müller.\n\n${longParagraph}\n\nENDE-DES-TEXTES`,
    html: null,
    attachments: [attachment('befund.bin', binary), attachment('Übersicht.csv', csv, 'text/csv'), attachment('befund.bin', csv)],
    links: [{ name: 'röntgen.dcm', size: 2_500_000_000, url: 'https://sealpost.example/#/t/large-file-link' }],
    lang: 'de',
    ...overrides,
  };
}

let dir: string;
let pdfPath: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sealpost-pdf-'));
  pdfPath = join(dir, 'message.pdf');
  await writeFile(pdfPath, await buildEncryptedPdf(content(), material, { replyUrl, senderOrgName: 'Praxis Müller' }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function failing(command: string, args: string[]): Promise<string> {
  try {
    await run(command, args);
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error);
  }
  throw new Error(`${command} ${args.join(' ')} succeeded`);
}

describe('the encrypted PDF', () => {
  it('is revision 6, AESv3 for strings, streams and files (qpdf)', async () => {
    const { stdout } = await run('qpdf', ['--show-encryption', `--password=${PASSWORD}`, pdfPath]);
    expect(stdout).toContain('R = 6');
    expect(stdout).toContain('Supplied password is user password');
    expect(stdout).toContain('stream encryption method: AESv3');
    expect(stdout).toContain('string encryption method: AESv3');
    expect(stdout).toContain('file encryption method: AESv3');
    expect(stdout).toContain('modify anything: not allowed');
    const check = await run('qpdf', ['--check', `--password=${PASSWORD}`, pdfPath]);
    expect(check.stdout).toContain('No syntax or stream encoding errors found');
    expect(check.stderr).toBe('');
    const { stdout: version } = await run('qpdf', ['--show-npages', `--password=${PASSWORD}`, pdfPath]);
    expect(Number(version.trim())).toBeGreaterThan(2);
    expect((await readFile(pdfPath)).subarray(0, 8).toString('latin1')).toBe('%PDF-2.0');
  });

  it('shows the text, umlauts and Ł included, with the password (pdftotext)', async () => {
    const { stdout } = await run('pdftotext', ['-upw', PASSWORD, '-enc', 'UTF-8', pdfPath, '-']);
    expect(stdout).toContain('Łukasz Müller');
    expect(stdout).toContain('Guten Tag Frau Ærø');
    expect(stdout).toContain('Befund für Frau Ærø');
    expect(stdout).toContain('Sicher antworten');
    expect(stdout).toContain('ENDE-DES-TEXTES');
    expect(stdout).toContain('Übersicht.csv');
    expect(stdout).toContain('röntgen.dcm');
  });

  it('refuses a wrong password (qpdf, pdftotext) and shows nothing without one', async () => {
    expect(await failing('qpdf', ['--decrypt', '--password=Aero-Lodz Gruesse 2026', pdfPath, join(dir, 'x.pdf')])).toMatch(/invalid password/);
    expect(await failing('qpdf', ['--check', pdfPath])).toMatch(/invalid password/);
    expect((await run('qpdf', ['--show-encryption', '--password=wrong', pdfPath])).stdout).toContain('Incorrect password supplied');
    expect(await failing('pdftotext', ['-upw', 'wrong', pdfPath, '-'])).toMatch(/Incorrect password/i);
    expect(await failing('pdftotext', [pdfPath, '-'])).toMatch(/Incorrect password/i);
    const raw = (await readFile(pdfPath)).toString('latin1');
    for (const secret of ['Befund', 'thread-7f3a', 'large-file-link', 'Ubersicht', 'befund.bin', 'Guten', 'Sealpost']) expect(raw).not.toContain(secret);
  });

  it('carries the attachments byte-exact, under unique names (qpdf --show-attachment)', async () => {
    const { stdout: list } = await run('qpdf', [`--password=${PASSWORD}`, '--list-attachments', pdfPath]);
    expect(list).toContain('befund.bin');
    expect(list).toContain('befund (2).bin');
    expect(list).toContain('Übersicht.csv');
    const show = async (name: string) => (await run('qpdf', [`--password=${PASSWORD}`, `--show-attachment=${name}`, pdfPath], { encoding: 'buffer', maxBuffer: 1 << 24 })).stdout;
    expect(new Uint8Array(await show('befund.bin'))).toEqual(binary);
    expect(new Uint8Array(await show('befund (2).bin'))).toEqual(csv);
    expect(new Uint8Array(await show('Übersicht.csv'))).toEqual(csv);
  });

  it('links "Reply securely" and the large file (URI actions)', async () => {
    const { stdout } = await run('qpdf', [`--password=${PASSWORD}`, '--decrypt', '--qdf', '--object-streams=disable', pdfPath, '-'], { maxBuffer: 1 << 26 });
    expect(stdout).toContain(`/URI (${replyUrl})`);
    expect(stdout).toContain('/URI (https://sealpost.example/#/t/large-file-link)');
  });

  it('renders an HTML-only mail from its HTML, and a mail without text', async () => {
    const html = '<html><head><style>p{color:red}</style></head><body><p>Hallo&nbsp;<b>Ærø</b> &amp; Co.</p><ul><li>Punkt eins</li></ul></body></html>';
    const path = join(dir, 'html.pdf');
    await writeFile(path, await buildEncryptedPdf(content({ text: '', html, attachments: [], links: [], cc: [] }), material, { replyUrl }));
    const { stdout } = await run('pdftotext', ['-upw', PASSWORD, '-enc', 'UTF-8', path, '-']);
    expect(stdout).toContain('Ærø & Co.');
    expect(stdout).toContain('• Punkt eins');
    expect(stdout).not.toContain('color:red');
    await writeFile(path, await buildEncryptedPdf(content({ text: '', html: null, attachments: [], links: [], lang: 'nl' }), material, { replyUrl }));
    const empty = await run('pdftotext', ['-upw', PASSWORD, '-enc', 'UTF-8', path, '-']);
    expect(empty.stdout).toContain('(Dit bericht bevat geen tekst.)');
    expect(empty.stdout).toContain('Beveiligd antwoorden');
  });

  it('survives text the font has no glyphs for (emoji, CJK, control characters)', async () => {
    const path = join(dir, 'odd.pdf');
    await writeFile(path, await buildEncryptedPdf(content({ text: 'Emoji 😀 中文 \u0007bell\ttab\r\nNEXT Ωμέγα Привет', attachments: [], links: [] }), material, { replyUrl }));
    const { stdout } = await run('pdftotext', ['-upw', PASSWORD, '-enc', 'UTF-8', path, '-']);
    // Outside DejaVu Sans (here CJK; it has some emoji): U+FFFD, so the reader sees something is missing; Greek and Cyrillic render.
    expect(stdout).toContain('\uFFFD\uFFFD bell tab');
    expect(stdout).toContain('NEXT Ωμέγα Привет');
  });
});

describe('the mail around it', () => {
  it('is an RFC 5322 mail in the recipient\'s language with message.pdf', async () => {
    const mail = await buildPdfMail(content({ lang: 'nl' }), material, { replyUrl, senderOrgName: 'Praxis Müller' });
    const parsed = await simpleParser(Buffer.from(mail));
    expect(parsed.subject).toBe('Befund für Frau Ærø');
    expect(parsed.from?.value[0]).toEqual({ address: 'lukasz@praxis.example', name: 'Łukasz Müller' });
    expect(parsed.inReplyTo).toBe('<prev@praxis.example>');
    expect(parsed.headers.get('content-language')).toBe('nl');
    expect(parsed.text).toContain('U heeft een beveiligd bericht ontvangen van Łukasz Müller, Praxis Müller (lukasz@praxis.example)');
    expect(parsed.text).toContain(replyUrl);
    expect(parsed.html).toContain('Beveiligd antwoorden');
    // Nothing of the message outside the PDF.
    expect(parsed.text).not.toContain('Guten Tag');
    expect(parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([['message.pdf', 'application/pdf']]);
    const path = join(dir, 'from-mail.pdf');
    await writeFile(path, parsed.attachments[0]!.content);
    const { stdout } = await run('pdftotext', ['-upw', PASSWORD, '-enc', 'UTF-8', path, '-']);
    expect(stdout).toContain('Guten Tag Frau Ærø');
  });
});
