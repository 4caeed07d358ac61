import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/adapters/db/database.ts';
import { createRepositories } from '../../src/adapters/db/repositories.ts';
import { isSealpostError } from '../../src/core/errors.ts';
import { createManualClock } from './manual-clock.ts';
import { migrations } from '../../src/adapters/db/migrations/index.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'sealpost-sqlite-faults-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite faults', () => {
  it('a path that cannot hold a database fails start-up with a clear error', async () => {
    const blocker = join(dir, 'not-a-directory');
    writeFileSync(blocker, 'x');
    const failure: unknown = await createDatabase({ sqliteFile: join(blocker, 'sealpost.db') }).catch((error: unknown) => error);
    expect(isSealpostError(failure, 'SP_ERR_UNAVAILABLE')).toBe(true);
    expect((failure as Error).message).toMatch(/^Cannot open the SQLite database at .*not-a-directory.*sealpost\.db: /);
  });

  it('a file that is not a database fails start-up with a clear error', async () => {
    const garbage = join(dir, 'garbage.db');
    writeFileSync(garbage, 'this is not an SQLite file, but it is long enough to have a header'.repeat(20));
    await expect(createDatabase({ sqliteFile: garbage })).rejects.toMatchObject({
      code: 'SP_ERR_UNAVAILABLE',
      message: expect.stringContaining('not a database') as unknown,
    });
  });

  it('creates the data directory on first start', async () => {
    const db = await createDatabase({ sqliteFile: join(dir, 'fresh', 'nested', 'sealpost.db') });
    expect(db.engine).toBe('sqlite');
    expect(db.description).toContain(join('fresh', 'nested', 'sealpost.db'));
    await db.close();
  });

  it('after close, readiness and queries answer SP_ERR_UNAVAILABLE instead of crashing', async () => {
    const db = await createDatabase({ sqliteFile: join(dir, 'closing.db') });
    await db.migrate();
    const repos = createRepositories(db, { clock: createManualClock() });
    await db.close();
    await expect(db.check()).rejects.toMatchObject({ code: 'SP_ERR_UNAVAILABLE' });
    await expect(repos.outbox.list()).rejects.toMatchObject({ code: 'SP_ERR_UNAVAILABLE' });
    await expect(repos.transaction((tx) => tx.settings.set('a', 1))).rejects.toMatchObject({ code: 'SP_ERR_UNAVAILABLE' });
    await db.close();
  });

  it('refuses to run on a database migrated by a newer Sealpost (downgrade), with a clear error', async () => {
    const db = await createDatabase({ sqliteFile: join(dir, 'newer.db') });
    await db.migrate();
    await sql`insert into sealpost_migration (name, timestamp) values ('9999-from-the-future', '2030-01-01T00:00:00.000Z')`.execute(db.kysely);
    await expect(db.migrate()).rejects.toMatchObject({
      code: 'SP_ERR_INTERNAL',
      message: expect.stringContaining('9999-from-the-future') as unknown,
    });
    await db.close();
  });

  it('rejects invalid options as configuration errors', async () => {
    await expect(createDatabase({})).rejects.toMatchObject({ code: 'SP_ERR_CONFIG_INVALID' });
    await expect(createDatabase({ url: 'postgres://x@127.0.0.1/db', sqliteFile: 'a.db' })).rejects.toMatchObject({
      code: 'SP_ERR_CONFIG_INVALID',
    });
    await expect(createDatabase({ sqliteFile: 'a.db', poolsize: 3 } as never)).rejects.toMatchObject({ code: 'SP_ERR_CONFIG_INVALID' });
  });

  it('two processes on one file: migrate once, and their transactions serialise (no lost update, no SQLITE_BUSY)', async () => {
    const file = join(dir, 'shared', 'sealpost.db');
    const script = join(import.meta.dirname, 'fixtures', 'sqlite-writer.ts');
    const perProcess = 100;
    const outputs = await Promise.all(
      [1, 2].map(async () => (await run(process.execPath, [script, file, String(perProcess)], { timeout: 60_000 })).stdout),
    );
    const applied = outputs.flatMap((out) => (JSON.parse(out) as { applied: string[] }).applied);
    expect(applied).toEqual(migrations.map(([name]) => name));

    const db = await createDatabase({ sqliteFile: file });
    const repos = createRepositories(db, { clock: createManualClock() });
    expect(await repos.settings.get('counter')).toBe(2 * perProcess);
    expect(await repos.outbox.list({ limit: 1000 })).toHaveLength(2 * perProcess);
    await db.close();
  });

  it('several processes starting at once on one fresh file all open it (switching to WAL waits instead of failing)', async () => {
    const script = join(import.meta.dirname, 'fixtures', 'sqlite-writer.ts');
    for (let round = 0; round < 2; round += 1) {
      const file = join(dir, `fresh-${round}`, 'sealpost.db');
      const results = await Promise.allSettled([1, 2, 3, 4].map(() => run(process.execPath, [script, file, '1'], { timeout: 60_000 })));
      const failures = results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as { stderr?: string }).stderr ?? r.reason).split('\n').find((l) => l.includes('Error')) ?? ''] : []));
      expect(failures).toEqual([]);
    }
  });
});
