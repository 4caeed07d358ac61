// DESIGN §4 "storage breach": after a message is sent and its notification delivered, a full copy of the
// database (every table) and of every file under DATA_DIR (blobs, uploads, SQLite files, keys, secret.key)
// contains none of the subject, text, file names, file content or access code, nor the link secrets, and the
// sealed notifications left in old database pages no longer open, even with the SECRET_KEY in the copy.
// And the stock `age` tool opens the stored blobs given the message key from `sealpost get --export-key`.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLocalKeyStore } from '../../src/adapters/keys/local-key-store.ts';
import { createPayloadSealer } from '../../src/cli/serve/server-keys.ts';
import { resolveSecretKey } from '../../src/config/secret-key.ts';
import { openOutbound } from '../../src/core/delivery/outbound-message.ts';
import type { ClaimedOutboxItem } from '../../src/core/ports/outbox.ts';
import { copyDataDir, expectNoneIn } from './erasure.ts';
import { cli, linkIn, outboxDelivered, startWorld, tempDir } from './harness.ts';
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

it('neither the database nor the blob store holds subject, text, file names, content, access code or a usable link secret', async () => {
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
  const carolLink = linkIn(await world.mail.next(carol, (m) => /\/r\//.test(m.text)));
  // Received by the relay is not yet recorded as delivered: wait until the outbox says so.
  const delivered = await outboxDelivered(world.server);
  expect(delivered.filter((i) => i.topic === 'transfer.notification')).toHaveLength(2);

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

  // The link secrets: in no file in any encoding, and every sealed notification a thief can carve out of the
  // raw database files (old page images in the WAL or free space) fails to open with the copy's keys and SECRET_KEY.
  const stolen = copyDataDir(dataDir);
  const linkSecrets = { bob: bobLink.split('#')[1] ?? '', carol: carolLink.split('#')[1] ?? '' };
  expectNoneIn(allFiles(stolen), linkSecrets);
  const sealer = createPayloadSealer(resolveSecretKey({ dataDir: stolen }).key, createLocalKeyStore({ dir: path.join(stolen, 'keys') }));
  const refs = delivered.filter((i) => i.topic === 'transfer.notification').map((i) => i.ref ?? '');
  let carved = 0;
  for (const file of allFiles(stolen).filter((f) => /sealpost\.sqlite/.test(f))) {
    const raw = readFileSync(file).toString('latin1');
    for (const ref of refs) {
      // The outbox row stores ref, then payload, then status, next to each other.
      for (const match of raw.matchAll(new RegExp(`${ref}([A-Za-z0-9_.-]+?)(?:queued|sending|sent|failed)`, 'g'))) {
        carved += 1;
        const item = { kind: 'mail', payload: match[1] ?? '' } as ClaimedOutboxItem;
        await expect(openOutbound(sealer, item), `a sealed notification in ${file} still opens`).rejects.toThrow(/cannot be opened/);
      }
    }
  }
  expect(carved, 'sealed notifications carved from old pages').toBeGreaterThan(0);
  expect(readdirSync(path.join(stolen, 'keys')).filter((f) => f.startsWith('outbox-'))).toEqual([]);

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
