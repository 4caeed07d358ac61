/**
 * `sealpost audit export [--out FILE] [--after SEQ]` and `sealpost audit verify FILE [--expect-head HASH] [--json]`:
 * the tamper-evident audit log (docs/audit.md). Export reads the server's database directly (same settings as
 * `sealpost serve`, so it works with the server stopped); verify needs nothing but the file.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { createDatabase, type Database } from '../../adapters/db/database.ts';
import { createRepositories } from '../../adapters/db/repositories.ts';
import { systemClock } from '../../adapters/clock/system-clock.ts';
import { loadConfig } from '../../config/load-config.ts';
import { SealpostError } from '../../core/errors.ts';
import { DEFAULT_ORG_ID, exportAuditLog, verifyAuditExport, type AuditVerifyResult } from '../../core/audit/index.ts';
import { terminalJson, terminalLine, terminalText } from '../../core/text/terminal.ts';
import type { CliIo, CommandSpec } from '../cli-io.ts';
import { isTty, parseCommandArgs, UsageError, withUsage } from '../client/command-args.ts';

const usage = `usage: sealpost audit export [--out FILE] [--after SEQ]
       sealpost audit verify FILE [--expect-head HASH] [--json]

  export   Write the organisation's audit log as JSON lines (to FILE, created with mode 600, or stdout).
           Reads the database named by the server's settings (DATABASE_URL, or SQLite under DATA_DIR);
           entries committed but not chained yet are chained first.
           --after SEQ  only the entries after SEQ (append to an earlier export)
  verify   Check an export offline: every hash, every link, the order. Prints the head (last seq and hash):
           note it down; --expect-head HASH later proves no entries were cut off the end since.
           FILE "-" reads stdin. --json prints the result as JSON.

Exit codes of verify: 0 the export is intact; 1 it was altered (the first bad line and why are printed);
2 usage error or the file cannot be read.`;

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * The server's database: never created or migrated here (an export must not change what it audits). The one write
 * an export makes is what the server's sealer does anyway: chaining entries committed but not chained yet, so the
 * export holds everything committed before it began, also when a stopped server left some unchained.
 */
async function openServerDatabase(io: CliIo): Promise<Database> {
  const config = loadConfig({ env: io.env, cwd: io.cwd });
  const { url, sqliteFile } = config.database;
  if (!url && !existsSync(sqliteFile)) {
    throw new SealpostError('SP_ERR_NOT_FOUND', { message: `No database at ${sqliteFile}: run this with the server's settings (DATA_DIR or DATABASE_URL)` });
  }
  const db = await createDatabase({ ...(url ? { url } : { sqliteFile }), poolSize: 1 });
  try {
    // Reads the chain and the entries waiting to be chained (migration 0010): fails on an older schema.
    await createRepositories(db, { clock: systemClock }).audit.listByTransfer('');
  } catch (error) {
    await db.close();
    throw new SealpostError('SP_ERR_UNAVAILABLE', { message: 'The database has no audit log this version can read: start `sealpost serve` of this version once (it migrates)', cause: error });
  }
  return db;
}

async function writeExport(io: CliIo, db: Database, out: NodeJS.WritableStream, after: number): Promise<{ entries: number; last: string }> {
  const repos = createRepositories(db, { clock: systemClock });
  // On a terminal, format characters (bidi overrides) an actor name may hold are shown harmless; files get the bytes.
  const shown = out === io.stdout && isTty(io.stdout) ? (line: string) => `${terminalLine(line)}\n` : (line: string) => line;
  let entries = 0;
  let last = '';
  for await (const line of exportAuditLog(repos.audit, DEFAULT_ORG_ID, { afterSeq: after })) {
    entries += 1;
    last = line;
    if (!out.write(shown(line))) await once(out, 'drain');
  }
  return { entries, last };
}

async function runExport(io: CliIo, values: { out?: string | undefined; after?: string | undefined }): Promise<number> {
  const after = values.after === undefined ? 0 : Number(values.after);
  if (!Number.isSafeInteger(after) || after < 0) throw new UsageError('--after must be a whole number ≥ 0');
  const db = await openServerDatabase(io);
  const file = values.out === undefined ? undefined : path.resolve(io.cwd, values.out);
  try {
    let result: { entries: number; last: string };
    if (file === undefined) {
      result = await writeExport(io, db, io.stdout, after);
    } else {
      const out = createWriteStream(file, { mode: 0o600, flags: 'wx' });
      await once(out, 'open');
      try {
        result = await writeExport(io, db, out, after);
        out.end();
        await finished(out);
      } catch (error) {
        // A cut-off export would verify as a shorter chain: leave no partial file behind.
        out.destroy();
        await rm(file, { force: true });
        throw error;
      }
    }
    const head = result.last ? (JSON.parse(result.last) as { seq: number; hash: string }) : undefined;
    io.stderr.write(head ? `exported ${result.entries} entries; head: seq ${head.seq} hash ${head.hash}\n` : `exported 0 entries (nothing after seq ${after})\n`);
    return 0;
  } finally {
    await db.close();
  }
}

function describe(result: AuditVerifyResult): string {
  if (result.problem) return `ALTERED: ${result.problem.message}\n  (${result.entries} entries before it are intact)\n`;
  if (!result.head) return 'OK: the export is empty\n';
  const lines = [
    `OK: ${result.entries} entries of organisation ${JSON.stringify(result.org)}, seq ${result.firstSeq} to ${result.head.seq}, every hash and link intact`,
    `head: seq ${result.head.seq} hash ${result.head.hash}`,
  ];
  const cut = result.checkpoint;
  if (result.start === 'checkpoint' && cut) lines.push(`starts right after the pruning checkpoint in the chain: ${cut.pruned} older entries pruned through seq ${cut.throughSeq} (hash ${cut.throughHash})`);
  else if (result.firstSeq !== 1) lines.push(`note: starts at seq ${result.firstSeq}, not at the start of the chain: check it follows the export that ends at seq ${(result.firstSeq ?? 1) - 1}`);
  if (result.appendedSinceExpectedHead !== undefined) lines.push(`the expected head is present; ${result.appendedSinceExpectedHead} entries were appended after it`);
  return `${lines.join('\n')}\n`;
}

async function runVerify(io: CliIo, file: string, values: { 'expect-head'?: string | undefined; json?: boolean | undefined }): Promise<number> {
  const expectHead = values['expect-head'];
  if (expectHead !== undefined && !HEX64.test(expectHead)) throw new UsageError('--expect-head must be 64 lowercase hex digits (a hash printed by verify or export)');
  const input = file === '-' ? io.stdin : createReadStream(path.resolve(io.cwd, file));
  let result: AuditVerifyResult;
  try {
    result = await verifyAuditExport(createInterface({ input, crlfDelay: Infinity }), expectHead === undefined ? {} : { expectHead });
  } catch (error) {
    io.stderr.write(`sealpost audit verify: cannot read ${terminalText(file)}: ${terminalText(error instanceof Error ? error.message : String(error))}\n`);
    return 2;
  }
  io.stdout.write(values.json ? `${terminalJson(result)}\n` : terminalText(describe(result)));
  return result.ok ? 0 : 1;
}

async function auditCli(argv: string[], io: CliIo): Promise<number> {
  return withUsage('audit', usage, io, async () => {
    const { values, positionals } = parseCommandArgs(argv, {
      out: { type: 'string' },
      after: { type: 'string' },
      'expect-head': { type: 'string' },
      json: { type: 'boolean' },
    });
    const [task, ...rest] = positionals;
    if (values.help) {
      io.stdout.write(`${usage}\n`);
      return 0;
    }
    if (task === 'export') {
      if (rest.length > 0 || values['expect-head'] !== undefined || values.json) throw new UsageError('export takes only --out and --after');
      return runExport(io, values);
    }
    if (task === 'verify') {
      if (rest.length !== 1 || values.out !== undefined || values.after !== undefined) throw new UsageError('verify takes one FILE, --expect-head and --json');
      return runVerify(io, rest[0] ?? '', values);
    }
    throw new UsageError(task ? `unknown task "${task}"` : 'name a task: export or verify');
  });
}

export const auditCommand: CommandSpec = { summary: 'Export the tamper-evident audit log, or verify an export offline', run: auditCli };
