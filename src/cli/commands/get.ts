/**
 * `sealpost get LINK [--code CODE] [--out DIR] [--export-key]`: verifies, shows the message and downloads
 * and decrypts every file. Exits non-zero with a clear message on a wrong code, lockout, a withdrawn or
 * expired message, or altered content; a file appears under its name only once it fully authenticated.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { RecipientLanding } from '../../client/api-contract.ts';
import type { CliIo, CommandSpec } from '../cli-io.ts';
import { openStore, parseCommandArgs, UsageError, withUsage } from '../client/command-args.ts';
import { downloadToFile } from '../client/download.ts';
import { createProgress, formatBytes } from '../client/progress.ts';
import { assertLandingActive, openRecipientLink, type OpenedMessage } from '../client/recipient-session.ts';
import { SealpostError } from '../../core/errors.ts';
import { terminalJson, terminalLine, terminalText } from '../../core/text/terminal.ts';

const usage = `usage: sealpost get LINK [--code CODE] [--out DIR] [--export-key] [--json]
  LINK          the whole link from the notification, including the part after "#" (quote it in the shell)
  --code        the SMS or e-mail code, or the access code the sender gave you (asked for when missing on a terminal;
                for SMS/e-mail a new code is sent first)
  --out DIR     where to save the files (default: the current directory)
  --export-key  print the message key (AGE-SECRET-KEY-1…) so the stored files can be checked with \`age -d\`
  --no-files    show the message only`;

/** After a failed download: if the sender recalled it or it expired meanwhile, say that instead of "interrupted". */
export async function explainDownloadFailure(opened: OpenedMessage, error: unknown): Promise<never> {
  if (error instanceof SealpostError && (error.code === 'SP_ERR_UNAVAILABLE' || error.code === 'SP_ERR_NETWORK' || error.code === 'SP_ERR_UNAUTHORIZED')) {
    const landing = await opened.api.request<RecipientLanding>('GET', `/api/r/${opened.link.recipientId}`).catch(() => undefined);
    if (landing) assertLandingActive(landing);
  }
  throw error;
}

export async function downloadAll(io: CliIo, opened: OpenedMessage, outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const saved: string[] = [];
  for (const slot of opened.manifest.files) {
    const file = opened.verified.files.find((f) => f.id === slot.blobId);
    if (!file) throw new SealpostError('SP_ERR_DECRYPT', { message: `The server does not offer "${terminalLine(slot.name)}" listed in the message` });
    const bar = createProgress(io.stderr, { label: slot.name, total: file.size });
    const target = await downloadToFile({
      api: opened.api, path: `/api/r/${opened.link.recipientId}/files/${file.id}`, token: opened.verified.token, identity: opened.identity, slot, outDir,
      onBytes: (n) => bar.add(n),
    }).catch((error: unknown) => explainDownloadFailure(opened, error));
    bar.done();
    saved.push(target);
  }
  return saved;
}

export async function runGet(argv: string[], io: CliIo): Promise<number> {
  return withUsage('get', usage, io, async () => {
    const { values, positionals } = parseCommandArgs(argv, { code: { type: 'string' }, out: { type: 'string' }, 'export-key': { type: 'boolean' }, json: { type: 'boolean' }, 'no-files': { type: 'boolean' } });
    if (values.help) {
      io.stdout.write(`${usage}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('give exactly one LINK');
    openStore(io, values['config-dir']);
    const opened = await openRecipientLink(io, { link: positionals[0] ?? '', code: values.code });
    const { manifest, verified } = opened;
    if (values['export-key']) io.stdout.write(`${opened.identity}\n`);
    const outDir = path.resolve(io.cwd, values.out ?? '.');
    const saved = values['no-files'] ? [] : await downloadAll(io, opened, outDir);
    if (values.json) {
      io.stdout.write(`${terminalJson({ transferId: verified.transferId, from: verified.senderEmail, expiresAt: verified.messageExpiresAt, subject: manifest.subject, text: manifest.text, files: manifest.files.map((f, i) => ({ name: f.name, size: f.size, savedAs: saved[i] ?? null })) })}\n`);
      return 0;
    }
    if (values['export-key']) return 0;
    // Everything below was chosen by the sender (or the server): made safe for the terminal, so a subject cannot
    // forge or overwrite the verified From: line; the body is indented, so none of its lines passes for a header.
    const body = terminalText(manifest.text).replace(/^/gm, '  ');
    io.stdout.write(`From:    ${terminalLine(verified.senderEmail)}\nSubject: ${terminalLine(manifest.subject)}\nExpires: ${terminalLine(verified.messageExpiresAt)}\n\n${body}\n`);
    if (manifest.files.length > 0) io.stdout.write('\nFiles:\n');
    manifest.files.forEach((f, i) => io.stdout.write(`  ${terminalLine(f.name)} (${formatBytes(f.size)})${saved[i] ? ` → ${terminalLine(saved[i])}` : ''}\n`));
    return 0;
  });
}

export const getCommand: CommandSpec = { summary: 'open a message from its link: verify, read, download and decrypt', run: runGet };
