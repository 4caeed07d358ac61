// `npm run bench -- audit [--entries N]`: the rate of audited writes with 1 and 4 writer processes, on SQLite (a
// file in the temp directory) and PostgreSQL (TEST_DATABASE_URL, a fresh database), and how long entries wait to be
// chained. Each entry is written in its own transaction, as a request does (unchained, into audit_pending); the
// sealer job runs meanwhile in this process as a server runs it (src/jobs/audit-sealer.ts: under its lease, looking
// every second, batches of 500), and the chain is verified afterwards (linear, gap-free). Baseline, same run, same
// processes: one settings row written per transaction (each writer its own row), i.e. the commit rate without audit.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, type Database } from '../src/adapters/db/database.ts';
import { createRepositories } from '../src/adapters/db/repositories.ts';
import { systemClock } from '../src/adapters/clock/system-clock.ts';
import { DEFAULT_ORG_ID, exportAuditLog, verifyAuditExport } from '../src/core/audit/index.ts';
import type { ChainedAuditEntry } from '../src/core/audit/model.ts';
import { createAuditSealer } from '../src/jobs/audit-sealer.ts';
import { createScheduler } from '../src/jobs/scheduler.ts';
import { runAppenders } from '../test/audit/appenders.ts';
import { createTestPostgres } from '../test/db/postgres-harness.ts';

const args = process.argv.slice(2);
const entries = Number(args.includes('--entries') ? args[args.indexOf('--entries') + 1] : 2000);
const quiet = { debug: () => undefined, info: () => undefined, warn: (o: object, m?: string) => console.warn(m, o), error: (o: object, m?: string) => console.error(m, o) };

async function linesOf(db: Database): Promise<string[]> {
  const out: string[] = [];
  for await (const line of exportAuditLog(createRepositories(db, { clock: systemClock }).audit, DEFAULT_ORG_ID)) out.push(line.trimEnd());
  return out;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Runs the writers while the sealer job seals; returns the write run and each entry's wait (ms) to be chained. */
async function writeWhileSealing(db: Database, target: string, writers: number) {
  const repos = createRepositories(db, { clock: systemClock });
  const lags: number[] = [];
  const onSealed = (sealed: readonly ChainedAuditEntry[]): void => {
    const now = Date.now();
    // `at` is taken just before the writer's transaction commits: this is commit-to-sealed, plus that transaction.
    for (const entry of sealed) lags.push(now - Date.parse((JSON.parse(entry.body) as { at: string }).at));
  };
  const sealer = createAuditSealer({ audit: repos.audit, logger: quiet, onSealed });
  const scheduler = createScheduler({ logger: quiet, leases: { repository: repos.leases } });
  scheduler.add(sealer.job);
  scheduler.start();
  try {
    const run = await runAppenders({ target, processes: writers, perProcess: Math.round(entries / writers) });
    while (lags.length < run.entries) await new Promise((resolve) => setTimeout(resolve, 50));
    return { run, lags: lags.sort((a, b) => a - b) };
  } finally {
    await scheduler.stop();
  }
}

async function measure(engine: string, open: () => Promise<Database>, target: string): Promise<void> {
  const db = await open();
  try {
    await db.migrate();
    for (const writers of [1, 4]) {
      for (const table of ['auditPending', 'auditLog', 'auditHeads'] as const) await db.kysely.deleteFrom(table).execute();
      const { run, lags } = await writeWhileSealing(db, target, writers);
      const check = await verifyAuditExport(await linesOf(db));
      if (!check.ok || check.head?.seq !== run.entries) throw new Error(`${engine}: the chain does not verify: ${JSON.stringify(check.problem)}`);
      const base = await runAppenders({ target, processes: writers, perProcess: Math.round(entries / writers), baseline: true });
      const rate = run.entries / (run.elapsedMs / 1000);
      const baseRate = base.entries / (base.elapsedMs / 1000);
      console.log(
        `${engine.padEnd(10)} ${writers} writer${writers === 1 ? ' ' : 's'}: ${rate.toFixed(0)} audited writes/s (${run.entries} in ${run.elapsedMs.toFixed(0)} ms, chain verified); ` +
          `baseline one-row transactions ${baseRate.toFixed(0)}/s; ratio ${(rate / baseRate).toFixed(2)}; ` +
          `sealed after p50 ${percentile(lags, 50).toFixed(0)} ms, p95 ${percentile(lags, 95).toFixed(0)} ms, max ${(lags.at(-1) ?? Number.NaN).toFixed(0)} ms`,
      );
    }
  } finally {
    await db.close();
  }
}

console.log(`audited write rate: ${entries} entries per run, one transaction each, separate writer processes (${os.cpus().length} cores, load ${os.loadavg()[0]?.toFixed(1)})`);
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
