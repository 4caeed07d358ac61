// `npm run bench -- audit [--entries N]`: the audit log's append rate with 1 and 4 writer processes, on SQLite (a
// file in the temp directory) and PostgreSQL (TEST_DATABASE_URL, a fresh database). Each entry is appended in its
// own transaction, as a request does; the chain is verified afterwards (linear, gap-free). Baseline, same run, same
// processes: one settings row written per transaction (each writer its own row), i.e. the commit rate without the chain.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, type Database } from '../src/adapters/db/database.ts';
import { createRepositories } from '../src/adapters/db/repositories.ts';
import { systemClock } from '../src/adapters/clock/system-clock.ts';
import { DEFAULT_ORG_ID, exportAuditLog, verifyAuditExport } from '../src/core/audit/index.ts';
import { runAppenders } from '../test/audit/appenders.ts';
import { createTestPostgres } from '../test/db/postgres-harness.ts';

const args = process.argv.slice(2);
const entries = Number(args.includes('--entries') ? args[args.indexOf('--entries') + 1] : 2000);

async function linesOf(db: Database): Promise<string[]> {
  const out: string[] = [];
  for await (const line of exportAuditLog(createRepositories(db, { clock: systemClock }).audit, DEFAULT_ORG_ID)) out.push(line.trimEnd());
  return out;
}

async function measure(engine: string, open: () => Promise<Database>, target: string): Promise<void> {
  const db = await open();
  try {
    await db.migrate();
    for (const writers of [1, 4]) {
      await db.kysely.deleteFrom('auditLog').execute();
      await db.kysely.deleteFrom('auditHeads').execute();
      const run = await runAppenders({ target, processes: writers, perProcess: Math.round(entries / writers) });
      const check = await verifyAuditExport(await linesOf(db));
      if (!check.ok || check.head?.seq !== run.entries) throw new Error(`${engine}: the chain does not verify: ${JSON.stringify(check.problem)}`);
      const base = await runAppenders({ target, processes: writers, perProcess: Math.round(entries / writers), baseline: true });
      const rate = run.entries / (run.elapsedMs / 1000);
      const baseRate = base.entries / (base.elapsedMs / 1000);
      console.log(
        `${engine.padEnd(10)} ${writers} writer${writers === 1 ? ' ' : 's'}: ${rate.toFixed(0)} appends/s (${run.entries} in ${run.elapsedMs.toFixed(0)} ms, chain verified); ` +
          `baseline one-row transactions ${baseRate.toFixed(0)}/s; ratio ${(rate / baseRate).toFixed(2)}`,
      );
    }
  } finally {
    await db.close();
  }
}

console.log(`audit append rate: ${entries} entries per run, one transaction each, separate writer processes (${os.cpus().length} cores)`);
const dir = mkdtempSync(path.join(os.tmpdir(), 'sealpost-bench-audit-'));
try {
  const file = path.join(dir, 'sealpost.sqlite');
  await measure('SQLite', () => createDatabase({ sqliteFile: file }), file);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const pg = await createTestPostgres();
if (pg) {
  try {
    await measure('PostgreSQL', () => createDatabase({ url: pg.url }), pg.url);
  } finally {
    await pg.drop();
  }
}
