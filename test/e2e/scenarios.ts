// Scenarios shared by the SQLite and PostgreSQL end-to-end suites.
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { cli, codeIn, linkIn, login, tempDir, type MailCatcher, type SealpostServer } from './harness.ts';

export interface World {
  server: SealpostServer;
  mail: MailCatcher;
  sms: { messages: Array<{ to: string; text: string }>; next(to: string, after?: number): Promise<{ to: string; text: string }> };
}

let counter = 0;
/**
 * A unique address, so scenarios sharing a server don't see each other's mail. The random part starts with a
 * letter: an all-digit part (one in sixteen hex strings) would read as a verification code in mails that quote
 * the address.
 */
export function address(name: string, domain = 'example.net'): string {
  counter += 1;
  return `${name}${counter}-x${randomBytes(3).toString('hex')}@${domain}`;
}

export async function newSender(world: World): Promise<{ email: string; configDir: string }> {
  const email = address('alice', 'example.org');
  const configDir = tempDir('sp-sender-');
  await login(world.server, world.mail, email, configDir);
  return { email, configDir };
}

/** A small text file and a multi-chunk binary file (3 full 64 KiB chunks and a partial one). */
export function sampleFiles(dir: string): Array<{ path: string; name: string; content: Buffer }> {
  const files = [
    { name: 'note.txt', content: Buffer.from('Quarterly figures, strictly confidential.\n') },
    { name: 'scan.bin', content: randomBytes(3 * 65536 + 1234) },
  ];
  return files.map((f) => {
    const p = path.join(dir, f.name);
    writeFileSync(p, f.content);
    return { ...f, path: p };
  });
}

export function expectSameFiles(outDir: string, files: Array<{ name: string; content: Buffer }>): void {
  expect(readdirSync(outDir).sort()).toEqual(files.map((f) => f.name).sort());
  for (const f of files) expect(readFileSync(path.join(outDir, f.name)).equals(f.content)).toBe(true);
}

/**
 * The main round trip: send with the given method, read the notification, follow the link, verify, read the
 * message and get byte-identical files; the sender then sees the recipient as opened with downloads.
 */
export async function roundTrip(world: World, method: 'email' | 'sms' | 'code' | 'none'): Promise<void> {
  const sender = await newSender(world);
  const recipient = address('bob');
  const files = sampleFiles(tempDir('sp-files-'));
  const phone = `+3161234${String(1000 + counter).slice(-4)}`;
  const verify = method === 'sms' ? `sms:${phone}` : method === 'code' ? 'code:correct horse battery' : method;
  const mailsBefore = world.mail.mails.length;
  const sent = await cli(['send', '--to', recipient, '--verify', verify, '--subject', 'Figures Q3', '--message', 'See attached.', '--json', ...files.map((f) => f.path)], { configDir: sender.configDir });
  expect(sent.stderr).toBe('');
  expect(sent.code).toBe(0);
  const result = JSON.parse(sent.stdout) as { id: string; status: string; recipients: Array<{ email: string; method: string; link?: string }> };
  expect(result.status).toBe('sent');
  expect(result.recipients).toEqual([expect.objectContaining({ email: recipient, method })]);
  expect(result.recipients[0]?.link).toBeUndefined();

  const notification = await world.mail.next(recipient, (m) => /\/r\//.test(m.text), mailsBefore);
  const link = linkIn(notification);
  expect(notification.text).not.toContain('Figures Q3');
  const recipientDir = tempDir('sp-recipient-');
  const out = tempDir('sp-out-');

  let code: string | undefined;
  if (method === 'email' || method === 'sms') {
    // Without --code on a non-terminal, the CLI requests a code and says where it went.
    const smsBefore = world.sms.messages.length;
    const mailsBeforeCode = world.mail.mails.length;
    const ask = await cli(['get', link, '--out', out], { configDir: recipientDir });
    expect(ask.code).toBe(1);
    expect(ask.stderr).toMatch(method === 'sms' ? /A code was sent by SMS to \+31/ : new RegExp(`A code was sent by e-mail to ${recipient}`));
    code = method === 'sms'
      ? codeIn((await world.sms.next(phone, smsBefore)).text)
      : codeIn((await world.mail.next(recipient, (m) => !/\/r\//.test(m.text), mailsBeforeCode)).text);
  } else if (method === 'code') {
    code = 'correct horse battery';
  }
  const got = await cli(['get', link, '--out', out, ...(code ? ['--code', code] : [])], { configDir: recipientDir });
  expect(got.stderr).toBe('');
  expect(got.code).toBe(0);
  expect(got.stdout).toContain('Subject: Figures Q3');
  expect(got.stdout).toContain('See attached.');
  expectSameFiles(out, files);

  // A download is recorded once its last byte went out, just after the client has it: poll briefly.
  const deadline = Date.now() + 10_000;
  for (;;) {
    const status = await cli(['status', result.id, '--json'], { configDir: sender.configDir });
    expect(status.code).toBe(0);
    const view = JSON.parse(status.stdout) as { subject: string; readStatus: { state: string }; recipients: Array<{ state: string; downloads: unknown[] }> };
    expect(view.subject).toBe('Figures Q3');
    expect(view.readStatus.state).toBe('all');
    expect(view.recipients[0]?.state).toBe('opened');
    if (view.recipients[0]?.downloads.length === 2 || Date.now() > deadline) {
      expect(view.recipients[0]?.downloads).toHaveLength(2);
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
