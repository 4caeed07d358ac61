// Failure paths and sender controls through the CLI: wrong codes and lockout (sender told), recall for all,
// for one recipient and during a download, expiry with the injected clock, tampered blobs, --no-notify,
// replies, and the private state files.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepTransfers } from '../../src/core/transfers/lifecycle.ts';
import { downloadAll } from '../../src/cli/commands/get.ts';
import { openRecipientLink } from '../../src/cli/client/recipient-session.ts';
import type { ApiClient } from '../../src/client/api-client.ts';
import { cli, codeIn, linkIn, silentIo, startWorld, tempDir } from './harness.ts';
import { address, expectSameFiles, newSender, sampleFiles, type World } from './scenarios.ts';

let world: World & { close(): Promise<void> };

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

async function sendTo(recipients: string[], verify: string, files: string[], extra: string[] = []) {
  const sender = await newSender(world);
  const before = world.mail.mails.length;
  const sent = await cli(['send', '--to', recipients.join(';'), '--verify', verify, '--subject', 'S', '--message', 'T', '--json', ...extra, ...files], { configDir: sender.configDir });
  expect(sent.stderr).toBe('');
  expect(sent.code).toBe(0);
  const result = JSON.parse(sent.stdout) as { id: string; recipients: Array<{ email: string; link?: string }> };
  const links = new Map<string, string>();
  for (const r of result.recipients) {
    links.set(r.email, r.link ?? linkIn(await world.mail.next(r.email, (m) => /\/r\//.test(m.text), before)));
  }
  return { sender, id: result.id, links, result };
}

describe('wrong codes', () => {
  it('a wrong access code exits non-zero, says so, and saves nothing', async () => {
    const bob = address('bob');
    const { links } = await sendTo([bob], 'code:the right code 123', sampleFiles(tempDir('sp-f-')).map((f) => f.path));
    const out = tempDir('sp-out-');
    const res = await cli(['get', links.get(bob) ?? '', '--code', 'a wrong code 456', '--out', out], { configDir: tempDir('sp-r-') });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/The code is not correct or no longer valid \(9 attempts left/);
    expect(readdirSync(out)).toEqual([]);
  });

  it('too many wrong e-mail codes lock the recipient out, and the sender gets a lockout mail', async () => {
    const bob = address('bob');
    const { sender, links } = await sendTo([bob], 'email', []);
    const link = links.get(bob) ?? '';
    const dir = tempDir('sp-r-');
    let last = await cli(['get', link, '--code', '000000'], { configDir: dir });
    for (let i = 0; i < 20 && !/access is locked until/.test(last.stderr); i++) last = await cli(['get', link, '--code', '000000'], { configDir: dir });
    expect(last.code).toBe(1);
    expect(last.stderr).toMatch(/Too many wrong attempts: access is locked until \d{4}-/);
    const lockout = await world.mail.next(sender.email, (m) => m.text.includes(bob));
    expect(lockout.text).toContain(bob);
    // Even the right code does not help while locked, and asking for a code is refused too.
    const before = world.mail.mails.length;
    const again = await cli(['get', link], { configDir: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/locked/);
    expect(world.mail.mails.slice(before).filter((m) => m.to.includes(bob))).toEqual([]);
  });
});

describe('recall', () => {
  it('recall for everyone: the recipient is told the message was withdrawn', async () => {
    const bob = address('bob');
    const { sender, id, links } = await sendTo([bob], 'none', sampleFiles(tempDir('sp-f-')).map((f) => f.path));
    const recall = await cli(['recall', id], { configDir: sender.configDir });
    expect(recall.code).toBe(0);
    const out = tempDir('sp-out-');
    const res = await cli(['get', links.get(bob) ?? '', '--out', out], { configDir: tempDir('sp-r-') });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('This message was withdrawn by the sender');
    expect(readdirSync(out)).toEqual([]);
  });

  it('recall for one recipient leaves the others their access', async () => {
    const [bob, carol] = [address('bob'), address('carol')];
    const files = sampleFiles(tempDir('sp-f-'));
    const { sender, id, links } = await sendTo([bob, carol], 'none', files.map((f) => f.path));
    expect((await cli(['recall', id, '--recipient', bob.toUpperCase()], { configDir: sender.configDir })).code).toBe(0);
    expect((await cli(['get', links.get(bob) ?? ''], { configDir: tempDir('sp-r-') })).stderr).toContain('withdrawn');
    const out = tempDir('sp-out-');
    expect((await cli(['get', links.get(carol) ?? '', '--out', out], { configDir: tempDir('sp-r-') })).code).toBe(0);
    expectSameFiles(out, files);
    const status = JSON.parse((await cli(['status', id, '--json'], { configDir: sender.configDir })).stdout) as { recipients: Array<{ email: string; state: string }> };
    expect(Object.fromEntries(status.recipients.map((r) => [r.email, r.state]))).toEqual({ [bob]: 'withdrawn', [carol]: 'opened' });
  });

  it('recall during a download stops it; no file is left behind', async () => {
    const bob = address('bob');
    const dir = tempDir('sp-f-');
    const big = path.join(dir, 'big.bin');
    writeFileSync(big, Buffer.alloc(64 * 1024 * 1024, 7));
    const { sender, id, links } = await sendTo([bob], 'none', [big]);
    const io = silentIo();
    const opened = await openRecipientLink(io, { link: links.get(bob) ?? '' });
    // Hold the download after its first bytes until the recall has gone through.
    const api: ApiClient = {
      ...opened.api,
      async stream(p, o) {
        const response = await opened.api.stream(p, o);
        const reader = (response.body as ReadableStream<Uint8Array>).getReader();
        let first = true;
        const body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            if (!first) {
              const next = await reader.read();
              if (next.done) controller.close();
              else controller.enqueue(next.value);
              return;
            }
            first = false;
            const next = await reader.read();
            if (!next.done) controller.enqueue(next.value);
            const recall = await cli(['recall', id], { configDir: sender.configDir });
            expect(recall.code).toBe(0);
          },
        });
        return new Response(body, { status: response.status, headers: response.headers });
      },
    };
    const out = tempDir('sp-out-');
    await expect(downloadAll(io, { ...opened, api }, out)).rejects.toMatchObject({ code: 'SP_ERR_WITHDRAWN' });
    expect(readdirSync(out)).toEqual([]);
  });
});

it('expiry (injected clock): unavailable at once, then the sweep deletes the blobs', async () => {
  const bob = address('bob');
  const before = new Set(listFiles(world.server.runtime.config.blobs.root));
  const { links } = await sendTo([bob], 'none', sampleFiles(tempDir('sp-f-')).map((f) => f.path), ['--expires', '2d']);
  const added = listFiles(world.server.runtime.config.blobs.root).filter((f) => !before.has(f));
  expect(added).toHaveLength(2);
  world.server.clock.advance(2 * 24 * 3600 * 1000 + 1000);
  try {
    const res = await cli(['get', links.get(bob) ?? ''], { configDir: tempDir('sp-r-') });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('This message has expired');
    await sweepTransfers(world.server.runtime.transfers);
    const left = new Set(listFiles(world.server.runtime.config.blobs.root));
    expect(added.filter((f) => left.has(f))).toEqual([]);
  } finally {
    world.server.clock.advance(-(2 * 24 * 3600 * 1000 + 1000));
  }
});

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

it('a tampered blob is refused and nothing is saved under its name', async () => {
  const bob = address('bob');
  const files = sampleFiles(tempDir('sp-f-'));
  const before = new Set(listFiles(world.server.runtime.config.blobs.root));
  const { links } = await sendTo([bob], 'none', files.map((f) => f.path));
  const added = listFiles(world.server.runtime.config.blobs.root).filter((f) => !before.has(f));
  const large = added.sort((a, b) => statSync(b).size - statSync(a).size)[0] ?? '';
  const bytes = readFileSync(large);
  bytes[bytes.length - 100] = (bytes[bytes.length - 100] ?? 0) ^ 1;
  writeFileSync(large, bytes);
  const out = tempDir('sp-out-');
  const res = await cli(['get', links.get(bob) ?? '', '--out', out], { configDir: tempDir('sp-r-') });
  expect(res.code).toBe(1);
  expect(res.stderr).toMatch(/"scan.bin" was altered or does not belong to this message; nothing was saved/);
  expect(readdirSync(out).filter((n) => n !== 'note.txt')).toEqual([]);
});

it('--no-notify prints each link and mails nothing to the recipients', async () => {
  const [bob, carol] = [address('bob'), address('carol')];
  const before = world.mail.mails.length;
  const { result, links } = await sendTo([bob, carol], 'none', [], ['--no-notify']);
  expect(result.recipients.map((r) => r.link)).toEqual([expect.stringMatching(/\/r\/[\w-]{22}#[\w-]{43}$/), expect.stringMatching(/#/)]);
  await new Promise((r) => setTimeout(r, 300));
  expect(world.mail.mails.slice(before).filter((m) => m.to.includes(bob) || m.to.includes(carol))).toEqual([]);
  const res = await cli(['get', links.get(carol) ?? ''], { configDir: tempDir('sp-r-') });
  expect(res.code).toBe(0);
  expect(res.stdout).toContain('Subject: S');
});

it('reply: the recipient answers with text and a file; the sender reads it under the message', async () => {
  const bob = address('bob');
  const { sender, id, links } = await sendTo([bob], 'code:our shared secret', []);
  const dir = tempDir('sp-f-');
  const answer = path.join(dir, 'answer.pdf');
  writeFileSync(answer, Buffer.from('%PDF-1.4 signed contract'));
  const before = world.mail.mails.length;
  const reply = await cli(['reply', links.get(bob) ?? '', '--code', 'our shared secret', '--message', 'Signed, see attachment.', answer], { configDir: tempDir('sp-r-') });
  expect(reply.stderr).toBe('');
  expect(reply.code).toBe(0);
  await world.mail.next(sender.email, (m) => m.text.includes(bob), before);
  const out = tempDir('sp-out-');
  const status = await cli(['status', id, '--json', '--out', out], { configDir: sender.configDir });
  expect(status.code).toBe(0);
  const view = JSON.parse(status.stdout) as { replies: Array<{ text: string; files: Array<{ name: string }> }> };
  expect(view.replies).toEqual([expect.objectContaining({ text: 'Signed, see attachment.', files: [expect.objectContaining({ name: 'answer.pdf' })] })]);
  expect(readFileSync(path.join(out, 'answer.pdf'), 'utf8')).toBe('%PDF-1.4 signed contract');
});

it('keeps the session and personal key 0600 in the config dir and never prints them', async () => {
  const sender = await newSender(world);
  for (const name of ['session.json', 'personal-key.txt']) expect(statSync(path.join(sender.configDir, name)).mode & 0o777).toBe(0o600);
  const key = readFileSync(path.join(sender.configDir, 'personal-key.txt'), 'utf8');
  const token = (JSON.parse(readFileSync(path.join(sender.configDir, 'session.json'), 'utf8')) as { token: string }).token;
  const sent = await cli(['send', '--to', address('bob'), '--verify', 'none', '--json'], { configDir: sender.configDir });
  expect(sent.code).toBe(0);
  const secret = /AGE-SECRET-KEY-1\w+/.exec(key)?.[0] ?? 'missing';
  expect(sent.stdout + sent.stderr).not.toContain(secret);
  expect(sent.stdout + sent.stderr).not.toContain(token);
});

it('login: a wrong code is refused clearly', async () => {
  const dir = tempDir('sp-sender-');
  const email = address('eve', 'example.org');
  expect((await cli(['login', '--server', world.server.url, '--email', email], { configDir: dir })).code).toBe(0);
  codeIn((await world.mail.next(email)).text);
  const res = await cli(['login', '--code', '000000'], { configDir: dir });
  expect(res.code).toBe(1);
  expect(res.stderr).toMatch(/sealpost login: .*code/i);
  const send = await cli(['send', '--to', address('bob'), '--verify', 'none'], { configDir: dir });
  expect(send.code).toBe(1);
  expect(send.stderr).toContain('Not logged in');
});
