import type { Kysely } from 'kysely';
import type { Clock } from '../../core/ports/clock.ts';
import type { CaughtMessage, DevMailboxStore } from '../../core/ports/dev-mailbox.ts';
import type { OutgoingMail } from '../../core/ports/mailer.ts';
import type { OutgoingSms } from '../../core/ports/sms-sender.ts';
import { createIdGenerator } from './ids.ts';
import type { DatabaseSchema, DevMailboxTable } from './schema.ts';
import { fromDbTime, toDbTime } from './schema.ts';

export interface DevMailboxStoreOptions {
  database: { kysely: Kysely<DatabaseSchema> };
  clock: Clock;
}

function toMessage(row: DevMailboxTable): CaughtMessage {
  const caughtAt = fromDbTime(row.caughtAt);
  return row.kind === 'sms'
    ? { id: row.id, kind: 'sms', caughtAt, sms: JSON.parse(row.message) as OutgoingSms }
    : { id: row.id, kind: 'mail', caughtAt, mail: JSON.parse(row.message) as OutgoingMail };
}

/** The dev mailbox in the database, so caught mail survives restarts and is shared by processes. */
export function createDevMailboxStore(options: DevMailboxStoreOptions): DevMailboxStore {
  const db = options.database.kysely;
  const newId = createIdGenerator(() => options.clock.now().getTime());
  return {
    async add(item) {
      const row: DevMailboxTable = {
        id: newId(),
        kind: item.kind,
        message: JSON.stringify(item.kind === 'mail' ? item.mail : item.sms),
        caughtAt: toDbTime(options.clock.now()),
      };
      await db.insertInto('devMailbox').values(row).execute();
      return toMessage(row);
    },
    async list(listOptions = {}) {
      const limit = Math.min(Math.max(Math.floor(listOptions.limit ?? 100), 1), 1000);
      const rows = await db.selectFrom('devMailbox').selectAll().orderBy('id', 'desc').limit(limit).execute();
      return rows.map(toMessage);
    },
    async get(id) {
      const row = await db.selectFrom('devMailbox').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toMessage(row);
    },
    async clear() {
      await db.deleteFrom('devMailbox').execute();
    },
  };
}
