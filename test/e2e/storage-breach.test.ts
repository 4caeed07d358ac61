// DESIGN §4 "storage breach": after a message is sent and its notification delivered, a full copy of the
// database (every table) and of every file under DATA_DIR (blobs, uploads, SQLite files) contains none of the
// subject, text, file names, file content or access code. And the stock `age` tool opens the stored blobs
// given the message key from `sealpost get --export-key`.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cli, linkIn, startWorld, tempDir } from './harness.ts';
import { address, newSender, type World } from './scenarios.ts';

let world: World & { close(): Promise<void> };

beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

function dumpTables(file: string): string {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
    expect(tables.length).toBeGreaterThan(5);
    return tables.map((t) => `${t.name}\n${JSON.stringify(db.prepare(`SELECT * FROM "${t.name}"`).all(), (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v))}`).join('\n');
  } finally {
    db.close();
  }
}

it('neither the database nor the blob store holds subject, text, file names, content or access code', async () => {
  const secrets = {
    subject: 'Merger Zebra 7781',
    text: 'The vault password is Kumquat-5510',
    name: 'acquisition-plan-4471.txt',
    content: 'CONTENT-MARKER-9923 ',
    code: 'Harbour-Light-3390',
  };
  const dir = tempDir('sp-f-');
  const file = path.join(dir, secrets.name);
  writeFileSync(file, secrets.content.repeat(10_000));
  const sender = await newSender(world);
  const [bob, carol] = [address('bob'), address('carol')];
  const before = new Set(allFiles(world.server.runtime.config.blobs.root));
  const sentCode = await cli(['send', '--to', bob, '--verify', `code:${secrets.code}`, '--subject', secrets.subject, '--message', secrets.text, file], { configDir: sender.configDir });
  expect(sentCode.code).toBe(0);
  const sentEmail = await cli(['send', '--to', carol, '--verify', 'email', '--subject', secrets.subject, '--message', secrets.text, file], { configDir: sender.configDir });
  expect(sentEmail.code).toBe(0);
  const bobLink = linkIn(await world.mail.next(bob, (m) => /\/r\//.test(m.text)));
  await world.mail.next(carol, (m) => /\/r\//.test(m.text));
  // Delivered notifications leave the outbox; give the worker a moment to delete the rows.
  await new Promise((r) => setTimeout(r, 500));

  const dataDir = world.server.dataDir;
  const haystacks = [
    { where: 'database tables', text: dumpTables(world.server.runtime.config.database.sqliteFile) },
    ...allFiles(dataDir).map((f) => ({ where: path.relative(dataDir, f), text: readFileSync(f).toString('latin1') })),
  ];
  expect(haystacks.length).toBeGreaterThan(4);
  for (const { where, text } of haystacks) {
    for (const [what, value] of Object.entries(secrets)) {
      expect(text.includes(Buffer.from(value.trim(), 'utf8').toString('latin1')), `${what} found in ${where}`).toBe(false);
    }
  }

  // The stored blob is a plain age file: the message key from --export-key opens it with Debian's age.
  const exported = await cli(['get', bobLink, '--code', secrets.code, '--export-key', '--no-files'], { configDir: tempDir('sp-r-') });
  expect(exported.code).toBe(0);
  const identity = exported.stdout.trim();
  expect(identity).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]+$/);
  const keyFile = path.join(tempDir('sp-key-'), 'key.txt');
  writeFileSync(keyFile, `${identity}\n`, { mode: 0o600 });
  const added = allFiles(world.server.runtime.config.blobs.root).filter((f) => !before.has(f));
  expect(added).toHaveLength(2);
  const opened = added.map((blob) => {
    try {
      return execFileSync('/usr/bin/age', ['-d', '-i', keyFile, blob], { stdio: ['ignore', 'pipe', 'pipe'] }).toString('utf8');
    } catch {
      return undefined;
    }
  });
  // Exactly one of the two messages' blobs is bob's; the other message has its own key.
  expect(opened.filter((o) => o !== undefined)).toEqual([secrets.content.repeat(10_000)]);
});
