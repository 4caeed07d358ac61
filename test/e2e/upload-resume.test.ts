// Resumable upload: the CLI is killed (SIGKILL) mid-upload; `sealpost send --resume` continues at the server's
// offset with byte-identical ciphertext (anything else would fail authentication at the recipient).
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cli, linkIn, spawnCli, startWorld, tempDir } from './harness.ts';
import { address, newSender, type World } from './scenarios.ts';

let world: World & { close(): Promise<void> };

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

async function writeRandomFile(file: string, mib: number): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(file);
  const block = randomBytes(1 << 20);
  for (let i = 0; i < mib; i++) {
    block[0] = i & 0xff;
    hash.update(block);
    if (!out.write(block)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  out.end();
  await finished(out);
  return hash.digest('hex');
}

async function until<T>(probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

it('continues an upload after the client was killed mid-way', async () => {
  const sender = await newSender(world);
  const bob = address('bob');
  const dir = tempDir('sp-f-');
  const file = path.join(dir, 'video.bin');
  const digest = await writeRandomFile(file, 256);
  const staging = world.server.runtime.config.uploads.stagingDir;
  const child = spawnCli(['send', '--to', bob, '--verify', 'none', '--json', file], { configDir: sender.configDir, cwd: dir });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // Kill as soon as some ciphertext is on the server.
  await until(() => {
    const partial = readdirSync(staging, { withFileTypes: true }).find((e) => e.isFile() && !e.name.endsWith('.json') && statSync(path.join(staging, e.name)).size > 4 << 20);
    return partial?.name;
  }, 60_000);
  child.kill('SIGKILL');
  await exited;

  const pendingDir = path.join(sender.configDir, 'pending-sends');
  const [stateName] = readdirSync(pendingDir);
  expect(stateName).toBeDefined();
  const stateFile = path.join(pendingDir, stateName ?? '');
  expect(statSync(stateFile).mode & 0o777).toBe(0o600);
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { transferId: string; files: Array<{ fileId: string }> };
  const token = (JSON.parse(readFileSync(path.join(sender.configDir, 'session.json'), 'utf8')) as { token: string }).token;
  const head = await fetch(`${world.server.url}/api/uploads/${state.files[0]?.fileId ?? ''}`, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${token}` } });
  const offset = Number(head.headers.get('upload-offset'));
  expect(offset).toBeGreaterThan(0);
  expect(offset).toBeLessThan(Number(head.headers.get('upload-length')));

  const resumed = await cli(['send', '--resume', '--json'], { configDir: sender.configDir, cwd: dir });
  expect(resumed.stderr).toBe('');
  expect(resumed.code).toBe(0);
  expect((JSON.parse(resumed.stdout) as { id: string }).id).toBe(state.transferId);
  expect(readdirSync(pendingDir)).toEqual([]);

  const link = linkIn(await world.mail.next(bob, (m) => /\/r\//.test(m.text)));
  const out = tempDir('sp-out-');
  const got = await cli(['get', link, '--out', out], { configDir: tempDir('sp-r-') });
  expect(got.stderr).toBe('');
  expect(got.code).toBe(0);
  const hash = createHash('sha256');
  for await (const c of (await import('node:fs')).createReadStream(path.join(out, 'video.bin'))) hash.update(c as Buffer);
  expect(hash.digest('hex')).toBe(digest);
});

it('running the same send again resumes it instead of starting a second message', async () => {
  const sender = await newSender(world);
  const bob = address('bob');
  const dir = tempDir('sp-f-');
  const file = path.join(dir, 'data.bin');
  await writeRandomFile(file, 128);
  const staging = world.server.runtime.config.uploads.stagingDir;
  const args = ['send', '--to', bob, '--verify', 'none', '--subject', 'again', '--json', file];
  const known = new Set(readdirSync(staging));
  const child = spawnCli(args, { configDir: sender.configDir, cwd: dir });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  await until(() => readdirSync(staging, { withFileTypes: true }).find((e) => !known.has(e.name) && e.isFile() && !e.name.endsWith('.json') && statSync(path.join(staging, e.name)).size > 1 << 20)?.name, 60_000);
  child.kill('SIGKILL');
  await exited;
  const state = JSON.parse(readFileSync(path.join(sender.configDir, 'pending-sends', readdirSync(path.join(sender.configDir, 'pending-sends'))[0] ?? ''), 'utf8')) as { transferId: string };
  const again = await cli(args, { configDir: sender.configDir, cwd: dir });
  expect(again.code).toBe(0);
  expect((JSON.parse(again.stdout) as { id: string }).id).toBe(state.transferId);
  const list = JSON.parse((await cli(['status', '--json'], { configDir: sender.configDir })).stdout) as { items: Array<{ id: string; status: string }> };
  expect(list.items.map((i) => [i.id, i.status])).toEqual([[state.transferId, 'sent']]);
});
