/**
 * Fixtures for the gateway's output-format tests: mail content with attachments in a real encrypted spool, and
 * recipients' keys made by the real tools (openssl for certificates, gpg for OpenPGP keys) in a temporary folder.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LargeFileLink, SecureMailContent, SpooledAttachment } from '../../src/core/gateway/model.ts';
import type { NotificationLanguage } from '../../src/core/transfers/model.ts';
import { createSpool } from '../../src/smtp/spool.ts';
import { certificatesFromPem } from '../../src/crypto/mail/smime.ts';

export const run = promisify(execFile);

/** Runs a tool with `input` on stdin; resolves with stdout bytes, rejects (with stderr) on a non-zero exit. */
export function runWithInput(file: string, args: string[], input: Uint8Array): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${file} failed: ${stderr.toString()}`, { cause: error }));
      else resolve(stdout);
    });
    child.stdin!.end(input);
  });
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Deterministic, non-text bytes (every byte value), so a transfer-encoding slip shows. */
export function binaryBytes(size: number, seed = 1): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = (i * 131 + seed * 17 + (i >> 8)) % 256;
  return out;
}

const spooled: Array<{ discard(): Promise<void> }> = [];

/** Discards every spool file the fixtures made (call in afterAll). */
export async function discardSpooled(): Promise<void> {
  await Promise.all(spooled.splice(0).map((file) => file.discard()));
}

export async function spooledAttachment(dir: string, bytes: Uint8Array, meta: Omit<SpooledAttachment, 'size' | 'read'>): Promise<SpooledAttachment> {
  const writer = await createSpool(dir);
  // Odd piece sizes, as the parser writes them.
  for (let at = 0; at < bytes.length; at += 50_000) await writer.write(bytes.subarray(at, at + 50_000));
  const file = await writer.finish();
  spooled.push(file);
  return { size: file.size, read: (start) => file.read(start), ...meta };
}

export interface ContentOptions {
  attachments?: SpooledAttachment[];
  links?: LargeFileLink[];
  lang?: NotificationLanguage;
  subject?: string;
  html?: string | null;
  to?: string[];
}

export function mailContent(options: ContentOptions = {}): SecureMailContent {
  return {
    from: { address: 'anna.schmidt@praxis.example', name: 'Anna Schmidt' },
    to: options.to ?? ['rcpt@example.org'],
    cc: ['kollegin@praxis.example'],
    subject: options.subject ?? 'Befund für Frau Müller – Größe ändern',
    date: new Date('2026-11-30T10:00:00Z'),
    inReplyTo: 'earlier-1@example.org',
    references: ['first-0@example.org', 'earlier-1@example.org'],
    text: 'Guten Tag,\nanbei der Befund.\nViele Grüße',
    html: options.html === undefined ? '<html><body><p>Guten Tag,</p><p>anbei der Befund. <img src="cid:logo@praxis"></p></body></html>' : options.html,
    attachments: options.attachments ?? [],
    links: options.links ?? [],
    lang: options.lang ?? 'de',
  };
}

export interface CertificateFiles {
  cert: string;
  key: string;
  der: Uint8Array;
}

/** A self-signed S/MIME certificate by `openssl req -x509`, with the address as emailAddress SAN. */
export async function opensslCertificate(dir: string, name: string, keyArgs: string[], email: string, extra: string[] = []): Promise<CertificateFiles> {
  const cert = join(dir, `${name}.pem`);
  const key = join(dir, `${name}.key`);
  await run('openssl', ['req', '-x509', ...keyArgs, '-nodes', '-keyout', key, '-out', cert, '-days', '30',
    '-subj', `/CN=${name}`, '-addext', `subjectAltName=email:${email}`, ...extra]);
  return { cert, key, der: certificatesFromPem(await readFile(cert, 'utf8'))[0]! };
}

export interface GpgHome {
  home: string;
  /** Armored public key of the user id's key. */
  exportKey(email: string): Promise<string>;
  decrypt(message: Uint8Array): Promise<Buffer>;
}

export async function gpgHome(): Promise<GpgHome> {
  const home = await tempDir('gpg-');
  const gpg = (args: string[]) => run('gpg', ['--homedir', home, '--batch', '--pinentry-mode', 'loopback', '--passphrase', '', ...args]);
  return {
    home,
    async exportKey(email) {
      return (await gpg(['--armor', '--export', email])).stdout;
    },
    decrypt: (message) => runWithInput('gpg', ['--homedir', home, '--batch', '--decrypt'], message),
  };
}

/** Generates a key in `home`: `algo` as gpg's quick-gen-key takes it; RSA gets an encryption subkey of its own. */
export async function gpgKey(home: GpgHome, email: string, algo: 'rsa3072' | 'future-default', options: { fakedTime?: string; encryptionSubkey?: boolean } = {}): Promise<string> {
  const base = ['--homedir', home.home, '--batch', '--pinentry-mode', 'loopback', '--passphrase', ''];
  const time = options.fakedTime ? ['--faked-system-time', options.fakedTime] : [];
  await run('gpg', [...base, ...time, '--quick-gen-key', `Test <${email}>`, algo, 'default', '1y']);
  if (algo === 'rsa3072' && options.encryptionSubkey !== false) {
    const { stdout } = await run('gpg', [...base, '--with-colons', '--list-keys', email]);
    const fpr = /^fpr:+([0-9A-F]+):/m.exec(stdout)![1]!;
    await run('gpg', [...base, ...time, '--quick-add-key', fpr, 'rsa3072', 'encr', '1y']);
  }
  return home.exportKey(email);
}

/** The revocation certificate gpg stored at key generation, imported: the key is then revoked. */
export async function gpgRevoke(home: GpgHome, email: string): Promise<string> {
  const dir = join(home.home, 'openpgp-revocs.d');
  const { stdout } = await run('gpg', ['--homedir', home.home, '--with-colons', '--list-keys', email]);
  const fpr = /^fpr:+([0-9A-F]+):/m.exec(stdout)![1]!;
  const file = (await readdir(dir)).find((name) => name.startsWith(fpr))!;
  const revocation = (await readFile(join(dir, file), 'utf8')).replace(/^:-----/m, '-----');
  const path = join(dir, 'import.asc');
  await writeFile(path, revocation);
  await run('gpg', ['--homedir', home.home, '--batch', '--import', path]);
  return home.exportKey(email);
}
