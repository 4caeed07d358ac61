// Migration 0023 on SQLite and PostgreSQL: transfer_recipients.method accepts `account` afterwards, every other value
// outside the methods is still refused, and the rows of an older database (recipients with their downloads, which
// reference them) come through unchanged with the foreign keys and indexes still in force.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/adapters/db/database.ts';
import { migrateTo } from './migrate-to.ts';
import { createTestPostgres } from './postgres-harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'sp-method-migration-'));
const pg = await createTestPostgres();
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await pg?.drop();
});

const at = '2026-01-01T00:00:00.000Z';

async function insertOldRows(db: Database): Promise<void> {
  const raw = db.kysely.withoutPlugins();
  await sql`insert into transfers (id, sender_email, owner_public_key, status, created_at, expires_at, notify_on_open)
    values ('t1', 'a@sender.example', 'age1x', 'sent', ${at}, ${at}, 0)`.execute(raw);
  await sql`insert into transfer_files (id, transfer_id, slot, size, status) values ('f1', 't1', 0, 10, 'complete')`.execute(raw);
  await sql`insert into transfer_recipients (id, transfer_id, email, field, lang, method, server_share, wrapped_identity, failed_attempts)
    values ('r1', 't1', 'b@example.org', 'to', 'en', 'sms', 'e5.share', 'e5.wrapped', 2)`.execute(raw);
  await sql`insert into transfer_downloads (id, transfer_id, file_id, recipient_id, at) values ('d1', 't1', 'f1', 'r1', ${at})`.execute(raw);
}

const insertRecipient = (db: Database, id: string, method: string) =>
  sql`insert into transfer_recipients (id, transfer_id, email, field, lang, method, failed_attempts) values (${id}, 't1', ${`${id}@example.org`}, 'to', 'en', ${method}, 0)`.execute(db.kysely.withoutPlugins());

function defineTests(engine: string, open: (name: string) => Promise<Database>): void {
  it(`${engine}: 0023 lets a recipient row use 'account', keeps the old rows, the check and the foreign keys`, async () => {
    const db = await open('method');
    try {
      await migrateTo(db, '0022-recipient-accounts');
      await insertOldRows(db);
      await expect(insertRecipient(db, 'early', 'account')).rejects.toThrow();
      expect(await db.migrate()).toContain('0023-recipient-method-account');

      const raw = db.kysely.withoutPlugins();
      const rows = (await sql<{ id: string; method: string; server_share: string; failed_attempts: number }>`select id, method, server_share, failed_attempts from transfer_recipients`.execute(raw)).rows;
      expect(rows.map((r) => [r.id, r.method, r.server_share, Number(r.failed_attempts)])).toEqual([['r1', 'sms', 'e5.share', 2]]);
      await insertRecipient(db, 'acc', 'account');
      await expect(insertRecipient(db, 'fax', 'fax')).rejects.toThrow();
      // The download still points at its recipient, and the reference is still enforced both ways.
      expect(Number((await sql<{ n: number | string }>`select count(*) as n from transfer_downloads where recipient_id = 'r1'`.execute(raw)).rows[0]?.n)).toBe(1);
      await expect(sql`insert into transfer_downloads (id, transfer_id, file_id, recipient_id, at) values ('d2', 't1', 'f1', 'nobody', ${at})`.execute(raw)).rejects.toThrow();
      await expect(sql`delete from transfer_recipients where id = 'r1'`.execute(raw)).rejects.toThrow();
      // One address per message is still unique.
      await expect(sql`insert into transfer_recipients (id, transfer_id, email, field, lang, method, failed_attempts) values ('dup', 't1', 'b@example.org', 'to', 'en', 'email', 0)`.execute(raw)).rejects.toThrow();
    } finally {
      await db.close();
    }
  });
}

describe('migration 0023: the recipient method account', () => {
  defineTests('SQLite', (name) => createDatabase({ sqliteFile: join(dir, `${name}.sqlite`) }));
  describe.skipIf(!pg)('PostgreSQL', () => {
    defineTests('PostgreSQL', async () => createDatabase({ url: pg?.url ?? '' }));
  });
});
