// Recall and expiry must really destroy keys (docs/security.md, "After recall or expiry"): a raw copy of the
// database files and of DATA_DIR, taken afterwards, together with the link, the access code and the blobs,
// must not yield the server share or the wrapped key. Shared by the SQLite and PostgreSQL suites.
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { createLocalKeyStore } from '../../src/adapters/keys/local-key-store.ts';
import { openRecipientLink } from '../../src/cli/client/recipient-session.ts';
import type { RecipientRecord } from '../../src/core/transfers/model.ts';
import { openRecipientSecrets } from '../../src/core/transfers/recipient-secrets.ts';
import { accessCodeVerifierDigest, fromBase64Url, stretchAccessCode, toBase64Url } from '../../src/crypto/index.ts';
import { cli, linkIn, silentIo, tempDir } from './harness.ts';
import { address, newSender, sampleFiles, type World } from './scenarios.ts';

export interface SentMessage {
  id: string;
  senderConfigDir: string;
  link: string;
  recipientId: string;
  code: string;
  /** What the server must forget, in clear (base64url), as the recipient's client received it. */
  secrets: { serverShare: string; wrappedIdentity: string; codeVerifierDigest: string };
  /** The row as stored before recall/expiry: the sealed values an attacker may find in old pages. */
  stored: RecipientRecord;
}

/** Sends a message with an access code, opens it once as the recipient, and returns what the server holds. */
export async function sendAndOpen(world: World, extra: string[] = []): Promise<SentMessage> {
  const sender = await newSender(world);
  const bob = address('bob');
  const code = 'Lantern-Quay-6402';
  const before = world.mail.mails.length;
  const files = sampleFiles(tempDir('sp-f-')).map((f) => f.path);
  const sent = await cli(['send', '--to', bob, '--verify', `code:${code}`, '--subject', 'S', '--message', 'T', '--json', ...extra, ...files], { configDir: sender.configDir });
  expect(sent.code, sent.stderr).toBe(0);
  const id = (JSON.parse(sent.stdout) as { id: string }).id;
  const link = linkIn(await world.mail.next(bob, (m) => /\/r\//.test(m.text), before));
  const opened = await openRecipientLink(silentIo(), { link, code });
  const recipientId = opened.link.recipientId;
  const stretched = await stretchAccessCode({ code, messageId: id, recipientId });
  const stored = await world.server.runtime.repos.recipients.get(recipientId);
  if (!stored) throw new Error('recipient row missing');
  return {
    id,
    senderConfigDir: sender.configDir,
    link,
    recipientId,
    code,
    secrets: {
      serverShare: opened.verified.serverShare,
      wrappedIdentity: opened.verified.wrappedIdentity,
      codeVerifierDigest: toBase64Url(accessCodeVerifierDigest(stretched.verifier)),
    },
    stored,
  };
}

/** Every form in which a stored value could appear: base64url, base64 (padded or not), hex, raw bytes. */
export function encodings(base64url: string): Array<{ form: string; bytes: Buffer }> {
  const raw = Buffer.from(fromBase64Url(base64url));
  const b64 = raw.toString('base64');
  return [
    { form: 'base64url', bytes: Buffer.from(base64url, 'latin1') },
    { form: 'base64', bytes: Buffer.from(b64, 'latin1') },
    { form: 'base64 unpadded', bytes: Buffer.from(b64.replace(/=+$/, ''), 'latin1') },
    { form: 'hex', bytes: Buffer.from(raw.toString('hex'), 'latin1') },
    { form: 'HEX', bytes: Buffer.from(raw.toString('hex').toUpperCase(), 'latin1') },
    { form: 'raw', bytes: raw },
  ];
}

export function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** Copies DATA_DIR as a thief would (SQLite db, -wal, -shm, blobs, keys, secret.key) into a fresh directory. */
export function copyDataDir(dataDir: string): string {
  const copy = path.join(tempDir('sp-stolen-'), 'data');
  cpSync(dataDir, copy, { recursive: true });
  return copy;
}

/** Asserts no file holds any of the secrets in any encoding. Returns how many bytes were searched. */
export function expectNoneIn(files: string[], secrets: Record<string, string>): number {
  let searched = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    searched += bytes.length;
    for (const [what, value] of Object.entries(secrets)) {
      for (const { form, bytes: needle } of encodings(value)) {
        expect(bytes.indexOf(needle), `${what} (${form}) found in ${file}`).toBe(-1);
      }
    }
  }
  return searched;
}

/** What the thief gets from the sealed row with the keys in a copied DATA_DIR: the secrets, or nothing. */
export async function unsealWithCopy(copiedDataDir: string, stored: RecipientRecord) {
  return openRecipientSecrets(createLocalKeyStore({ dir: path.join(copiedDataDir, 'keys') }), stored);
}

/** The full check after a recall or expiry, given the raw database files of the engine and the copied DATA_DIR. */
export async function expectDestroyed(message: SentMessage, copiedDataDir: string, databaseFiles: string[]): Promise<void> {
  // The values in clear appear nowhere: not in the database files (old pages included), not in DATA_DIR.
  const searched = expectNoneIn([...databaseFiles, ...allFiles(copiedDataDir)], message.secrets);
  expect(searched).toBeGreaterThan(100_000);
  // Only sealed values ever reached the database (an attacker may find them in old pages) …
  expect(message.stored.serverShare).not.toBe(message.secrets.serverShare);
  // … and the key that opens them is gone from the copy, so they are useless.
  expect(await unsealWithCopy(copiedDataDir, message.stored)).toBeUndefined();
  expect(readdirSync(path.join(copiedDataDir, 'keys')).filter((f) => f.includes(message.recipientId))).toEqual([]);
  // Nor does any other key the thief finds in the copy (every key file tried against the sealed row).
  const keyFiles = allFiles(path.join(copiedDataDir, 'keys'));
  for (const file of keyFiles) {
    const candidate = new Uint8Array(readFileSync(file));
    const anyKey = { get: () => Promise.resolve(candidate), put: () => Promise.resolve(), destroy: () => Promise.resolve() };
    await expect(openRecipientSecrets(anyKey, message.stored), file).rejects.toMatchObject({ code: 'SP_ERR_DECRYPT' });
  }
  // The link and the code no longer get anything from the server either.
  const res = await cli(['get', message.link, '--code', message.code, '--no-files'], { configDir: tempDir('sp-r-') });
  expect(res.code).toBe(1);
  expect(res.stderr).toMatch(/withdrawn|expired/);
}
