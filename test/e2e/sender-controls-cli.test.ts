// Sender controls after sending through the CLI against a real server: `sealpost expiry` (later, sooner, refused
// out of range, for someone else's or a recalled message), `sealpost unlock` (a locked-out recipient gets in) and
// `sealpost resend` (a new link made from the message key: it opens the same files, the old link opens nothing).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, linkIn, startWorld, tempDir } from './harness.ts';
import { address, expectSameFiles, newSender, sampleFiles, type World } from './scenarios.ts';

let world: World & { close(): Promise<void> };

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

const DAY = 24 * 3600 * 1000;

async function sendTo(recipient: string, verify: string) {
  const sender = await newSender(world);
  const before = world.mail.mails.length;
  const files = sampleFiles(tempDir('sp-f-'));
  const sent = await cli(['send', '--to', recipient, '--verify', verify, '--subject', 'S', '--message', 'T', '--json', ...files.map((f) => f.path)], { configDir: sender.configDir });
  expect(sent.code).toBe(0);
  const id = (JSON.parse(sent.stdout) as { id: string }).id;
  const link = linkIn(await world.mail.next(recipient, (m) => /\/r\//.test(m.text), before));
  return { sender, id, link, files };
}

describe('sealpost expiry', () => {
  it('extends and shortens; the recipient link shows the new expiry', async () => {
    const bob = address('bob');
    const { sender, id, link } = await sendTo(bob, 'none');
    const longer = await cli(['expiry', id, '--in', '20d', '--json'], { configDir: sender.configDir });
    expect(longer.stderr).toBe('');
    expect(longer.code).toBe(0);
    const view = JSON.parse(longer.stdout) as { expiresAt: string; latestExpiresAt: string };
    expect(Math.abs(new Date(view.expiresAt).getTime() - (Date.now() + 20 * DAY))).toBeLessThan(60_000);
    const rid = /\/r\/([A-Za-z0-9_-]+)#/.exec(link)?.[1] ?? '';
    const landing = (await (await fetch(`${world.server.url}/api/r/${rid}`)).json()) as { expiresAt: string };
    expect(landing.expiresAt).toBe(view.expiresAt);

    const until = new Date(Date.now() + 3 * 3600 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    const shorter = await cli(['expiry', id, '--until', until], { configDir: sender.configDir });
    expect(shorter.code).toBe(0);
    expect(shorter.stdout).toBe(`Message ${id} is now available until ${new Date(until).toISOString()}.\n`);
    // The recipient still gets in before the new expiry.
    const got = await cli(['get', link, '--out', tempDir('sp-out-')], { configDir: tempDir('sp-r-') });
    expect(got.code).toBe(0);
  });

  it('refuses out of range, bad arguments, another sender\'s and a recalled message, each clearly', async () => {
    const bob = address('bob');
    const { sender, id } = await sendTo(bob, 'none');
    const tooLate = await cli(['expiry', id, '--in', '40d'], { configDir: sender.configDir });
    expect(tooLate.code).toBe(1);
    expect(tooLate.stderr).toMatch(/at most 30 days: this one until \d{4}-/);
    const past = await cli(['expiry', id, '--until', '2020-01-01T00:00Z'], { configDir: sender.configDir });
    expect(past.code).toBe(1);
    expect(past.stderr).toMatch(/must be in the future/);
    const noZone = await cli(['expiry', id, '--until', '2030-01-01T00:00'], { configDir: sender.configDir });
    expect(noZone.code).toBe(2);
    expect(noZone.stderr).toMatch(/with a zone/);
    expect((await cli(['expiry', id], { configDir: sender.configDir })).code).toBe(2);
    const stranger = await newSender(world);
    const foreign = await cli(['expiry', id, '--in', '3d'], { configDir: stranger.configDir });
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toMatch(/not found/i);
    expect((await cli(['recall', id], { configDir: sender.configDir })).code).toBe(0);
    const recalled = await cli(['expiry', id, '--in', '3d'], { configDir: sender.configDir });
    expect(recalled.code).toBe(1);
    expect(recalled.stderr).toMatch(/cannot be changed: it is recalled/);
  });
});

describe('sealpost unlock', () => {
  it('lets a locked-out recipient in again with the right code; refused when not locked or not a recipient', async () => {
    const bob = address('bob');
    const { sender, id, link } = await sendTo(bob, 'code:the right code 123');
    const dir = tempDir('sp-r-');
    let last = await cli(['get', link, '--code', 'a wrong code 456'], { configDir: dir });
    for (let i = 0; i < 20 && !/access is locked until/.test(last.stderr); i++) last = await cli(['get', link, '--code', 'a wrong code 456'], { configDir: dir });
    expect(last.stderr).toMatch(/access is locked until/);

    const unlocked = await cli(['unlock', id, '--recipient', bob.toUpperCase()], { configDir: sender.configDir });
    expect(unlocked.stderr).toBe('');
    expect(unlocked.code).toBe(0);
    expect(unlocked.stdout).toBe(`${bob} can enter the code again.\n`);
    const got = await cli(['get', link, '--code', 'the right code 123', '--out', tempDir('sp-out-')], { configDir: tempDir('sp-r-') });
    expect(got.stderr).toBe('');
    expect(got.code).toBe(0);

    const again = await cli(['unlock', id, '--recipient', bob], { configDir: sender.configDir });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/is not locked out/);
    const nobody = await cli(['unlock', id, '--recipient', address('nobody')], { configDir: sender.configDir });
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toMatch(/is not a recipient of message/);
    expect((await cli(['unlock', id], { configDir: sender.configDir })).code).toBe(2);
  });
});

describe('sealpost resend', () => {
  it('mails a new link that opens the same files; the old link opens nothing', async () => {
    const bob = address('bob');
    const { sender, id, link, files } = await sendTo(bob, 'none');
    const before = world.mail.mails.length;
    const res = await cli(['resend', id, '--recipient', bob], { configDir: sender.configDir });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toBe(`A new notification is on its way to ${bob}; the link in the earlier one no longer works.\n`);
    const fresh = linkIn(await world.mail.next(bob, (m) => /\/r\//.test(m.text), before));
    expect(fresh).not.toBe(link);
    const out = tempDir('sp-out-');
    const got = await cli(['get', fresh, '--out', out], { configDir: tempDir('sp-r-') });
    expect(got.stderr).toBe('');
    expect(got.code).toBe(0);
    expectSameFiles(out, files);
    const old = await cli(['get', link, '--out', tempDir('sp-out-')], { configDir: tempDir('sp-r-') });
    expect(old.code).toBe(1);
    expect(old.stderr).toMatch(/link is incomplete or was altered/);
  });

  it('an access-code recipient needs the code again; the new link opens with it; refused for another sender', async () => {
    const bob = address('bob');
    const { sender, id, link, files } = await sendTo(bob, 'code:the right code 123');
    const noCode = await cli(['resend', id, '--recipient', bob], { configDir: sender.configDir });
    expect(noCode.code).toBe(2);
    expect(noCode.stderr).toMatch(/opens messages with an access code: give it with --code/);
    const before = world.mail.mails.length;
    expect((await cli(['resend', id, '--recipient', bob, '--code', 'the right code 123'], { configDir: sender.configDir })).code).toBe(0);
    const fresh = linkIn(await world.mail.next(bob, (m) => /\/r\//.test(m.text), before));
    const out = tempDir('sp-out-');
    const got = await cli(['get', fresh, '--code', 'the right code 123', '--out', out], { configDir: tempDir('sp-r-') });
    expect(got.stderr).toBe('');
    expect(got.code).toBe(0);
    expectSameFiles(out, files);
    const old = await cli(['get', link, '--code', 'the right code 123', '--out', tempDir('sp-out-')], { configDir: tempDir('sp-r-') });
    expect(old.code).toBe(1);

    const stranger = await newSender(world);
    const foreign = await cli(['resend', id, '--recipient', bob], { configDir: stranger.configDir });
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toMatch(/not found/i);
  });

  it('--verify changes the method with the new link: the new code opens it, the old link does not', async () => {
    const bob = address('bob');
    const { sender, id, link, files } = await sendTo(bob, 'none');
    const before = world.mail.mails.length;
    const res = await cli(['resend', id, '--recipient', bob, '--verify', 'code:a brand new code 789', '--json'], { configDir: sender.configDir });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ id, recipient: { email: bob, method: 'code', notification: { status: 'queued' } } });
    const fresh = linkIn(await world.mail.next(bob, (m) => /\/r\//.test(m.text), before));
    const out = tempDir('sp-out-');
    const got = await cli(['get', fresh, '--code', 'a brand new code 789', '--out', out], { configDir: tempDir('sp-r-') });
    expect(got.stderr).toBe('');
    expect(got.code).toBe(0);
    expectSameFiles(out, files);
    expect((await cli(['get', link, '--out', tempDir('sp-out-')], { configDir: tempDir('sp-r-') })).code).toBe(1);
    const both = await cli(['resend', id, '--recipient', bob, '--code', 'x', '--verify', 'email'], { configDir: sender.configDir });
    expect(both.code).toBe(2);
  });
});
