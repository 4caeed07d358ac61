// Brings a database up to a named migration only, as a database of an earlier release would be, so a test can
// put old-shaped rows in and then watch the later migrations (run by createDatabase) convert them.
import { Migrator } from 'kysely/migration';
import type { Database } from '../../src/adapters/db/database.ts';
import { migrations } from '../../src/adapters/db/migrations/index.ts';

/** Migrates up to `name` (included), with the production migration table names. */
export async function migrateTo(db: Database, name: string): Promise<void> {
  const migrator = new Migrator({
    db: db.kysely.withoutPlugins(),
    provider: { getMigrations: () => Promise.resolve(Object.fromEntries(migrations)) },
    migrationTableName: 'sealpost_migration',
    migrationLockTableName: 'sealpost_migration_lock',
  });
  const { error } = await migrator.migrateTo(name);
  if (error) throw error as Error;
}
