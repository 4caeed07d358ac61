// A separate process appending audit entries: `node append-process.ts DB COUNT TAG [ORG|--baseline|--seal]`, DB a
// postgres:// URL or a SQLite file. With --baseline it writes one settings row per transaction instead (what the
// same transactions cost without the chain); with --seal it also seals after every append, as if every process
// were a sealer (no lease), to show that sealers racing each other still make one chain. Used by the concurrency tests and `npm run bench -- audit`. Waits for "go" on stdin so that all
// processes start appending at the same moment, prints "ready" before and "done MS" after (MS: its append time).
import { createInterface } from 'node:readline';
import { systemClock } from '../../src/adapters/clock/system-clock.ts';
import { createDatabase } from '../../src/adapters/db/database.ts';
import { createRepositories } from '../../src/adapters/db/repositories.ts';
import { audit } from '../../src/core/audit/audit.ts';

const [target = '', countText = '0', tag = 'w', orgArg] = process.argv.slice(2);
const baseline = orgArg === '--baseline';
const seal = orgArg === '--seal';
const orgId = baseline || seal ? undefined : orgArg;
const db = await createDatabase(target.startsWith('postgres') ? { url: target, poolSize: 2 } : { sqliteFile: target, busyTimeoutMs: 60_000 });
const repos = createRepositories(db, { clock: systemClock });
const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
for await (const line of lines) if (line === 'go') break;
const started = performance.now();
for (let i = 0; i < Number(countText); i += 1) {
  // Each entry in its own transaction, as a request would: the entry commits with the event.
  if (baseline) await repos.transaction((tx) => tx.settings.set(`bench.${tag}`, { i }));
  else await repos.transaction((tx) => audit(tx, new Date(), { clientAddress: '192.0.2.7' }, { action: 'file.downloaded', actor: `bench:${tag}`, details: { i }, ...(orgId ? { orgId } : {}) }));
  if (seal) await repos.audit.sealPending();
}
process.stdout.write(`done ${(performance.now() - started).toFixed(1)}\n`);
lines.close();
await db.close();
