import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/adapters/db/database.ts';
import { migrations } from '../../src/adapters/db/migrations/index.ts';
import { createRepositories } from '../../src/adapters/db/repositories.ts';
import { audit, DEFAULT_ORG_ID, exportAuditLog, exportLine, linkEntry, verifyAuditExport } from '../../src/core/audit/index.ts';
import type { AuditHead } from '../../src/core/audit/model.ts';
import { createManualClock } from '../db/manual-clock.ts';
import { migrateTo } from '../db/migrate-to.ts';
import { createTestPostgres } from '../db/postgres-harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'sealpost-audit-migration-'));
const pg = await createTestPostgres();
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await pg?.drop();
});

/** Up to, not including, the audit chain. */
const migrateToBeforeChain = (db: Database): Promise<void> => migrateTo(db, '0006-leases');

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

/** A chain as 0008/0009 left it: entries chained in the request's transaction, the head moved with them. */
async function writeOldChain(db: Database, count: number): Promise<AuditHead> {
  let head: AuditHead | null = null;
  for (let i = 0; i < count; i += 1) {
    const at = new Date(Date.UTC(2026, 0, 1, 10, i));
    const draft = { orgId: DEFAULT_ORG_ID, id: `old-${i}`, at, action: 'transfer.sent' as const, transferId: 't9', recipientId: null, actor: 'a@example.org', clientAddress: null, details: { i } };
    const entry = linkEntry(draft, head);
    await sql`insert into audit_log (org_id, seq, id, at, action, transfer_id, hash, body)
      values (${DEFAULT_ORG_ID}, ${entry.seq}, ${draft.id}, ${at.toISOString()}, ${draft.action}, ${draft.transferId}, ${entry.hash}, ${entry.body})`.execute(db.kysely.withoutPlugins());
    head = { seq: entry.seq, hash: entry.hash };
  }
  if (!head) throw new Error('no entries');
  await sql`insert into audit_heads (org_id, seq, hash) values (${DEFAULT_ORG_ID}, ${head.seq}, ${head.hash})`.execute(db.kysely.withoutPlugins());
  return head;
}

function definePendingMigrationTest(engine: string, open: () => Promise<Database>): void {
  it(`${engine}: 0010 keeps a chain of 0008/0009 as it is, and sealed entries continue it`, async () => {
    const db = await open();
    try {
      await migrateTo(db, '0009-accounts');
      const oldHead = await writeOldChain(db, 3);
      const before: string[] = [];
      for await (const line of exportAuditLogUnsealed(db)) before.push(line);
      expect((await db.migrate())[0]).toBe('0010-audit-pending');
      const clock = createManualClock();
      const repos = createRepositories(db, { clock });
      expect(await repos.audit.head(DEFAULT_ORG_ID)).toEqual(oldHead);
      await repos.transaction((tx) => audit(tx, clock.now(), null, { action: 'transfer.recalled', actor: 'a@example.org', transferId: 't9' }));
      expect(await repos.audit.sealPending()).toBe(1);
      const lines: string[] = [];
      for await (const line of exportAuditLog(repos.audit, DEFAULT_ORG_ID)) lines.push(line.trimEnd());
      // The old entries export byte for byte as before; the new one links to the old head.
      expect(lines.slice(0, 3)).toEqual(before);
      expect(JSON.parse(lines[3] ?? '')).toMatchObject({ seq: 4, prev: oldHead.hash, action: 'transfer.recalled' });
      expect(await verifyAuditExport(lines, { expectHead: oldHead.hash })).toMatchObject({ ok: true, entries: 4, head: { seq: 4 }, appendedSinceExpectedHead: 1 });
    } finally {
      await db.close();
    }
  });
}

/** The export lines straight from the table, before 0010 exists (exportAuditLog seals, which needs 0010). */
async function* exportAuditLogUnsealed(db: Database): AsyncGenerator<string> {
  const rows = await db.kysely.selectFrom('auditLog').select(['orgId', 'seq', 'hash', 'body']).orderBy('seq').execute();
  for (const row of rows) yield exportLine({ orgId: row.orgId, seq: Number(row.seq), hash: row.hash, body: row.body });
}

describe('audit chain migration', () => {
  defineMigrationTest('SQLite', () => createDatabase({ sqliteFile: join(dir, 'old.sqlite') }));
  definePendingMigrationTest('SQLite', () => createDatabase({ sqliteFile: join(dir, 'old-0009.sqlite') }));
  describe.skipIf(!pg)('PostgreSQL', () => {
    defineMigrationTest('PostgreSQL', () => createDatabase({ url: pg?.url ?? '' }));
  });
});

// A database of its own: the test above leaves the PostgreSQL one fully migrated.
const pg2 = await createTestPostgres();
afterAll(async () => pg2?.drop());
describe.skipIf(!pg2)('audit pending migration on PostgreSQL', () => {
  definePendingMigrationTest('PostgreSQL', () => createDatabase({ url: pg2?.url ?? '' }));
});
