// Content chosen by the other party, through the real CLI against a real server: a subject built to forge the
// verified "From:" line and a file name built to disguise its extension must reach neither the terminal nor
// the disk as such; and a stored manifest that was altered or swapped must be reported as tampering, not as
// a message whose content is merely gone.
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepTransfers } from '../../src/core/transfers/lifecycle.ts';
import { cli, linkIn, startWorld, tempDir } from './harness.ts';
import { address, newSender, type World } from './scenarios.ts';

let world: World & { close(): Promise<void> };

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

/** Every C0/C1 control except newline, plus bidi overrides/isolates: what must never reach a terminal raw. */
const TERMINAL_HAZARD = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

// Message ids are random base64url and may start with "-": after "--" they are never taken for an option.
async function send(sender: { configDir: string }, to: string, args: string[]): Promise<string> {
  const sent = await cli(['send', '--to', to, '--verify', 'none', '--no-notify', '--json', ...args], { configDir: sender.configDir });
  expect(sent.stderr).toBe('');
  expect(sent.code).toBe(0);
  return (JSON.parse(sent.stdout) as { id: string }).id;
}

describe('sender-controlled text on the terminal (sealpost get)', () => {
  it('a subject with escape sequences cannot overwrite the From: line; a disguised file name is saved safely', async () => {
    const sender = await newSender(world);
    const bob = address('bob');
    const dir = tempDir('sp-hostile-');
    // U+202E (right-to-left override) makes "report‮fdp.exe" display as "reportexe.pdf"; BEL is a control char.
    const hostileName = 'report\u202E\u0007fdp.exe';
    writeFileSync(path.join(dir, hostileName), 'MZ not really a program\n');
    const forged = '\u001b[2K\r\u001b[1AFrom: ceo@sealpost.example.org \u001b]0;pwned\u0007\u009b31m';
    const before = world.mail.mails.length;
    const sent = await cli(['send', '--to', bob, '--verify', 'none', '--subject', `Invoice${forged}`, '--message', `Pay now.\r\u001b[1AFrom: ceo@sealpost.example.org\nThanks \u{1F44D}, Grüße`, '--json', path.join(dir, hostileName)], { configDir: sender.configDir });
    expect(sent.code).toBe(0);
    const link = linkIn(await world.mail.next(bob, (m) => /\/r\//.test(m.text), before));
    const out = tempDir('sp-out-');
    const res = await cli(['get', link, '--out', out], { configDir: tempDir('sp-r-') });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    // Not one escape byte (or any other control but newline, or a bidi override) reaches the terminal.
    expect(res.stdout).not.toMatch(TERMINAL_HAZARD);
    // The verified sender is the only From: at the start of a line; the forged one stays visibly inside the subject.
    expect(res.stdout.match(/^From:.*$/gm)).toEqual([`From:    ${sender.email}`]);
    expect(res.stdout).toMatch(/^Subject: Invoice.*From: ceo@sealpost\.example\.org/m);
    // The body's own "From:" line (after a CR meant to return over a line) stays an indented body line.
    expect(res.stdout).toMatch(/^ {2}Pay now\.\n {2}From: ceo@sealpost\.example\.org$/m);
    // Normal text survives untouched: accents and emoji.
    expect(res.stdout).toContain('Thanks \u{1F44D}, Grüße');
    // The file is saved under a name without the override and the control character.
    expect(readdirSync(out)).toEqual(['reportfdp.exe']);
    expect(res.stdout).toContain('reportfdp.exe');
  });

  it('--json keeps the exact values for scripts, but escapes every control and bidi character', async () => {
    const sender = await newSender(world);
    const bob = address('bob');
    const subject = 'Hi\u001b[2J\u009b2J\u202Eevil';
    const sent = await cli(['send', '--to', bob, '--verify', 'none', '--no-notify', '--subject', subject, '--json'], { configDir: sender.configDir });
    const link = (JSON.parse(sent.stdout) as { recipients: Array<{ link: string }> }).recipients[0]?.link ?? '';
    const res = await cli(['get', link, '--json', '--no-files'], { configDir: tempDir('sp-r-') });
    expect(res.code).toBe(0);
    expect(res.stdout).not.toMatch(TERMINAL_HAZARD);
    expect((JSON.parse(res.stdout) as { subject: string }).subject).toBe(subject);
  });
});

describe('recipient-controlled text on the sender\'s terminal (sealpost status)', () => {
  it('a reply\'s text and file name, and a hostile subject in the list, print no escape; the file is saved safely', async () => {
    const sender = await newSender(world);
    const bob = address('bob');
    const sent = await cli(['send', '--to', bob, '--verify', 'none', '--no-notify', '--subject', 'Plain\u001b]0;title\u0007\u001b[8m', '--json'], { configDir: sender.configDir });
    const { id, recipients } = JSON.parse(sent.stdout) as { id: string; recipients: Array<{ link: string }> };
    const dir = tempDir('sp-hostile-');
    const hostileName = 'answer\u202E\u001b[2Kfdp.exe';
    writeFileSync(path.join(dir, hostileName), 'reply file\n');
    const reply = await cli(['reply', recipients[0]?.link ?? '', '--message', 'OK\r\u001b[1A\u001b[2K  to bob@x [none] opened\u009b0m', path.join(dir, hostileName)], { configDir: tempDir('sp-r-') });
    expect(reply.stderr).toBe('');
    expect(reply.code).toBe(0);
    const out = tempDir('sp-out-');
    const status = await cli(['status', '--out', out, '--', id], { configDir: sender.configDir });
    expect(status.stderr).toBe('');
    expect(status.code).toBe(0);
    expect(status.stdout).not.toMatch(TERMINAL_HAZARD);
    expect(status.stdout).toContain(' — "Plain"');
    // The reply's text stays indented under its reply line: it cannot pass for a recipient line.
    expect(status.stdout).toMatch(/^ {4}OK\n {4} {2}to bob@x \[none\] opened$/m);
    expect(status.stdout).toContain('file answerfdp.exe');
    expect(readdirSync(out)).toEqual(['answerfdp.exe']);
    const list = await cli(['status'], { configDir: sender.configDir });
    expect(list.code).toBe(0);
    expect(list.stdout).not.toMatch(TERMINAL_HAZARD);
  });
});

describe('a tampered or swapped manifest in the sender\'s view (sealpost status)', () => {
  async function setManifest(id: string, manifest: string | null): Promise<void> {
    await world.server.runtime.db.kysely.updateTable('transfers').set({ manifest }).where('id', '=', id).execute();
  }
  async function manifestOf(id: string): Promise<string> {
    const row = await world.server.runtime.db.kysely.selectFrom('transfers').select('manifest').where('id', '=', id).executeTakeFirstOrThrow();
    return row.manifest ?? '';
  }

  it('a bit flip in the stored manifest is reported as tampering, with a non-zero exit', async () => {
    const sender = await newSender(world);
    const id = await send(sender, address('bob'), ['--subject', 'Figures']);
    const sealed = Buffer.from(await manifestOf(id), 'base64');
    sealed[sealed.length - 5] = (sealed[sealed.length - 5] ?? 0) ^ 0x01;
    await setManifest(id, sealed.toString('base64'));

    const one = await cli(['status', '--', id], { configDir: sender.configDir });
    expect(one.code).not.toBe(0);
    expect(one.stdout).toMatch(new RegExp(`^Message ${id}: sent — TAMPERED: integrity check failed`, 'm'));
    expect(one.stderr).toMatch(/integrity check failed/);
    expect(one.stdout + one.stderr).not.toMatch(/unexpected error|gone|expired|recalled/i);

    const json = await cli(['status', '--json', '--', id], { configDir: sender.configDir });
    expect(json.code).not.toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ id, content: 'tampered', subject: null });

    const list = await cli(['status'], { configDir: sender.configDir });
    expect(list.code).not.toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^Message ${id}: sent — TAMPERED: integrity check failed`, 'm'));
  });

  it('a manifest swapped in from another of the sender\'s messages is reported as tampering, not as gone', async () => {
    const sender = await newSender(world);
    const first = await send(sender, address('bob'), ['--subject', 'First']);
    const second = await send(sender, address('carol'), ['--subject', 'Second']);
    await setManifest(first, await manifestOf(second));
    const res = await cli(['status', '--', first], { configDir: sender.configDir });
    expect(res.code).not.toBe(0);
    expect(res.stdout).toMatch(/TAMPERED: integrity check failed/);
    expect(res.stdout).not.toContain('Second');
    // The untouched message still reads normally, and content that is really gone is not called tampered.
    const ok = await cli(['status', '--', second], { configDir: sender.configDir });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('"Second"');
    expect((await cli(['recall', '--', second], { configDir: sender.configDir })).code).toBe(0);
    await sweepTransfers(world.server.runtime.transfers);
    const gone = await cli(['status', '--', second], { configDir: sender.configDir });
    expect(gone.code).toBe(0);
    expect(gone.stdout).toMatch(/content deleted/);
    expect(gone.stdout).not.toMatch(/TAMPERED/);
  });
});
