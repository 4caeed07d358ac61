/**
 * `sealpost directory import FILE --org ID|DOMAIN`: imports recipients' PEM certificates and armored OpenPGP public
 * keys into an organisation's directory (docs/gateway/directory-keys.md). An operator task like `sealpost admin
 * create-org`: it opens the server's database directly (admin routes take no personal access token), audits as
 * `operator:cli`, prints what was imported and skipped, and exits 1 when nothing was imported.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { directoryKeyLimits, importKeys, type ImportReport } from '../../core/directory/recipient-keys.ts';
import { SealpostError } from '../../core/errors.ts';
import { terminalJson, terminalLine } from '../../core/text/terminal.ts';
import type { CliIo, CommandSpec } from '../cli-io.ts';
import { parseCommandArgs, UsageError, withUsage } from '../client/command-args.ts';
import { orgIdOf } from './admin-org-sso.ts';
import { withAccounts } from './admin-orgs.ts';

const usage = `usage: sealpost directory import FILE --org ID|DOMAIN [--json]

  FILE   PEM certificates (-----BEGIN CERTIFICATE-----) and/or armored OpenPGP public keys
         (gpg --export --armor), any number, up to ${directoryKeyLimits.importItems} and ${directoryKeyLimits.importBytes / 1024 / 1024} MiB; a single DER certificate works too.
  Each usable one is trusted for the addresses it names; the others are listed with the reason.
  Exit code 1 when nothing was imported.`;

/** A lone binary DER certificate (what many CAs hand out as .cer) becomes PEM; everything else must be text. */
function asText(bytes: Buffer): string {
  const der = bytes[0] === 0x30 && bytes[1] !== undefined && bytes[1] >= 0x80 && !bytes.subarray(0, 64).toString('latin1').includes('-----');
  if (!der) return bytes.toString('utf8');
  return `-----BEGIN CERTIFICATE-----\n${bytes.toString('base64').replace(/(.{64})/gu, '$1\n')}\n-----END CERTIFICATE-----\n`;
}

function printReport(io: CliIo, report: ImportReport): void {
  for (const i of report.imported) {
    io.stdout.write(`imported  item ${i.item}  ${i.kind}  ${i.fingerprint.slice(0, 16)}  ${terminalLine(i.email)}  until ${i.notAfter ? i.notAfter.toISOString().slice(0, 10) : 'no expiry'}  (${i.result})\n`);
  }
  for (const s of report.skipped) {
    io.stdout.write(`skipped   item ${s.item}  ${s.kind ?? '-'}  ${s.fingerprint ? s.fingerprint.slice(0, 16) : '-'}  ${s.reason}${s.detail ? ` (${terminalLine(s.detail)})` : ''}\n`);
  }
  const privateKeys = report.skipped.filter((s) => s.reason === 'private_key').length;
  if (privateKeys > 0) {
    io.stderr.write(`WARNING: the file holds ${privateKeys} PRIVATE KEY block(s): refused and not stored. A recipient's private key must never leave the recipient; treat it as compromised.\n`);
  }
  io.stdout.write(`${report.imported.length} imported, ${report.skipped.length} skipped\n`);
}

async function importTask(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { org: { type: 'string' }, json: { type: 'boolean' } });
  const [file, ...rest] = positionals;
  if (!file) throw new UsageError('give the FILE to import');
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  if (!values.org) throw new UsageError('--org ID|DOMAIN is required');
  const orgRef = values.org;
  const path = resolve(io.cwd, file);
  if ((await stat(path)).size > directoryKeyLimits.importBytes) {
    throw new SealpostError('SP_ERR_TOO_LARGE', { message: `${file} is larger than ${directoryKeyLimits.importBytes / 1024 / 1024} MiB` });
  }
  const text = asText(await readFile(path));
  const report = await withAccounts(io, async (ctx) => importKeys(ctx, await orgIdOf(ctx, orgRef), text, 'operator:cli', { source: 'import' }));
  if (values.json) io.stdout.write(`${terminalJson(report)}\n`);
  else printReport(io, report);
  return report.imported.length > 0 ? 0 : 1;
}

async function directory(argv: string[], io: CliIo): Promise<number> {
  const [task, ...rest] = argv;
  if (task === 'import') return withUsage('directory import', usage, io, () => importTask(rest, io));
  if (task === '--help' || task === '-h') {
    io.stdout.write(`${usage}\n`);
    return 0;
  }
  io.stderr.write(`${task ? `sealpost directory: unknown task "${task}"\n\n` : ''}${usage}\n`);
  return 2;
}

export const directoryCommand: CommandSpec = { summary: "Import recipients' certificates and OpenPGP keys into an organisation's directory", run: directory };
