import type { SettingsRepository } from '../../core/ports/repositories.ts';
import { SealpostError } from '../../core/errors.ts';
import type { RepositoryContext } from './repository-context.ts';
import { fromDbTime, toDbTime } from './schema.ts';

function encode(key: string, value: unknown): string {
  if (key.length === 0 || key.length > 200) throw new SealpostError('SP_ERR_VALIDATION', { message: 'Invalid setting key' });
  const json = JSON.stringify(value);
  if (json === undefined) throw new SealpostError('SP_ERR_VALIDATION', { message: `Setting ${key} is not JSON` });
  return json;
}

/** Organisation settings as JSON values under string keys. */
export function createSettingsRepository(ctx: RepositoryContext): SettingsRepository {
  const { db } = ctx;
  return {
    async get(key) {
      const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      return row === undefined ? undefined : (JSON.parse(row.value) as unknown);
    },
    async set(key, value) {
      const json = encode(key, value);
      const updatedAt = toDbTime(ctx.clock.now());
      await db
        .insertInto('settings')
        .values({ key, value: json, updatedAt })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updatedAt }))
        .execute();
    },
    async delete(key) {
      await db.deleteFrom('settings').where('key', '=', key).execute();
    },
    async list() {
      const rows = await db.selectFrom('settings').selectAll().orderBy('key').execute();
      return rows.map((row) => ({ key: row.key, value: JSON.parse(row.value) as unknown, updatedAt: fromDbTime(row.updatedAt) }));
    },
  };
}
