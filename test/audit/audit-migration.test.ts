import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/adapters/db/database.ts';
import { migrations } from '../../src/adapters/db/migrations/index.ts';
import { createRepositories } from '../../src/adapters/db/repositories.ts';
import { audit, DEFAULT_ORG_ID, exportAuditLog, verifyAuditExport } from '../../src/core/audit/index.ts';
import { createManualClock } from '../db/manual-clock.ts';
import { createTestPostgres } from '../db/postgres-harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'sealpost-audit-migration-'));
const pg = await createTestPostgres();
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await pg?.drop();
});

/** Migrates up to, not including, the audit chain, as a database of an earlier release would be. */
async function migrateToBeforeChain(db: Database): Promise<void> {
  const migrator = new Migrator({
    db: db.kysely.withoutPlugins(),
    provider: { getMigrations: () => Promise.resolve(Object.fromEntries(migrations)) },
    migrationTableName: 'sealpost_migration',
    migrationLockTableName: 'sealpost_migration_lock',
  });
  const { error } = await migrator.migrateTo('0006-leases');
  if (error) throw error as Error;
}

const legacy = [
  { id: 'ev-b', at: '2025-01-01T10:00:01.000Z', action: 'transfer.sent', transfer_id: 't1', recipient_id: null, actor: 'a@example.org', client_address: '192.0.2.1', details: '{"recipients":2}' },
  { id: 'ev-a', at: '2025-01-01T10:00:00.000Z', action: 'transfer.created', transfer_id: 't1', recipient_id: null, actor: 'a@example.org', client_address: '192.0.2.1', details: '{}' },
  { id: 'ev-c', at: '2025-01-01T10:05:00.000Z', action: 'recipient.opened', transfer_id: 't1', recipient_id: 'r1', actor: 'recipient:r1', client_address: null, details: '{}' },
];

function defineMigrationTest(engine: string, open: () => Promise<Database>): void {
  it(`${engine}: 0008 turns the unchained audit_events into the start of the default chain, oldest first`, async () => {
    const db = await open();
    try {
      await migrateToBeforeChain(db);
      for (const row of legacy) {
        await sql`insert into audit_events (id, at, action, transfer_id, recipient_id, actor, client_address, details)
          values (${row.id}, ${row.at}, ${row.action}, ${row.transfer_id}, ${row.recipient_id}, ${row.actor}, ${row.client_address}, ${row.details})`.execute(db.kysely.withoutPlugins());
      }
      expect(await db.migrate()).toEqual(migrations.map(([name]) => name).filter((n) => n > '0006-leases'));
      const clock = createManualClock();
      const repos = createRepositories(db, { clock });
      await audit(repos, clock.now(), null, { action: 'transfer.recalled', actor: 'a@example.org', transferId: 't1' });
      const lines: string[] = [];
      for await (const line of exportAuditLog(repos.audit, DEFAULT_ORG_ID)) lines.push(line.trimEnd());
      expect(await verifyAuditExport(lines)).toMatchObject({ ok: true, entries: 4, head: { seq: 4 } });
      expect(lines.map((l) => (JSON.parse(l) as { id: string }).id).slice(0, 3)).toEqual(['ev-a', 'ev-b', 'ev-c']);
      expect((await repos.audit.listByTransfer('t1')).map((e) => e.action)).toEqual(['transfer.created', 'transfer.sent', 'recipient.opened', 'transfer.recalled']);
      const [opened] = (await repos.audit.listByTransfer('t1')).filter((e) => e.action === 'recipient.opened');
      expect(opened).toEqual({ id: 'ev-c', at: new Date('2025-01-01T10:05:00.000Z'), action: 'recipient.opened', transferId: 't1', recipientId: 'r1', actor: 'recipient:r1', clientAddress: null, details: {} });
    } finally {
      await db.close();
    }
  });
}

describe('audit chain migration', () => {
  defineMigrationTest('SQLite', () => createDatabase({ sqliteFile: join(dir, 'old.sqlite') }));
  describe.skipIf(!pg)('PostgreSQL', () => {
    defineMigrationTest('PostgreSQL', () => createDatabase({ url: pg?.url ?? '' }));
  });
});
