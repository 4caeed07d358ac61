import { sql, type Kysely } from 'kysely';
import { cleanAuditValue } from '../../../core/audit/audit.ts';
import { linkEntry } from '../../../core/audit/chain.ts';
import { DEFAULT_ORG_ID, type AuditAction, type AuditHead } from '../../../core/audit/model.ts';

/**
 * The tamper-evident audit log (docs/audit.md): `audit_log` holds one hash chain per organisation, entry `seq`
 * 1, 2, 3… with no gaps (the primary key refuses a second entry at the same place); `body` is the exact canonical
 * JSON its `hash` covers. `audit_heads` holds each chain's newest seq and hash: appenders lock that row, so any
 * number of processes append in turn, and it survives a later pruning of old entries (the checkpoint).
 *
 * The unchained `audit_events` of 0002 are carried over, oldest first, as the start of the default organisation's
 * chain, and the old table is dropped.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_log')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('transfer_id', 'text')
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('audit_log_pk', ['org_id', 'seq'])
    .execute();
  await db.schema.createIndex('audit_log_transfer_idx').on('audit_log').columns(['transfer_id', 'seq']).execute();
  await db.schema
    .createTable('audit_heads')
    .addColumn('org_id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await chainLegacyEvents(db);
  await db.schema.dropTable('audit_events').execute();
}

interface LegacyRow {
  id: string;
  at: string;
  action: string;
  transfer_id: string | null;
  recipient_id: string | null;
  actor: string;
  client_address: string | null;
  details: string;
}

async function chainLegacyEvents(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<LegacyRow>`select * from audit_events order by at, id`.execute(db);
  let head: AuditHead | null = null;
  for (const row of rows) {
    const entry = linkEntry(
      {
        orgId: DEFAULT_ORG_ID,
        id: row.id,
        at: new Date(row.at),
        action: row.action as AuditAction,
        transferId: row.transfer_id,
        recipientId: row.recipient_id,
        actor: cleanAuditValue(row.actor) as string,
        clientAddress: row.client_address === null ? null : (cleanAuditValue(row.client_address) as string),
        details: cleanAuditValue(JSON.parse(row.details)) as Record<string, unknown>,
      },
      head,
    );
    await sql`insert into audit_log (org_id, seq, id, at, action, transfer_id, hash, body)
      values (${DEFAULT_ORG_ID}, ${entry.seq}, ${row.id}, ${row.at}, ${row.action}, ${row.transfer_id}, ${entry.hash}, ${entry.body})`.execute(db);
    head = { seq: entry.seq, hash: entry.hash };
  }
  if (head) await sql`insert into audit_heads (org_id, seq, hash) values (${DEFAULT_ORG_ID}, ${head.seq}, ${head.hash})`.execute(db);
}
