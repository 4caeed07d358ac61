import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/adapters/db/database.ts';
import { createRepositories } from '../../src/adapters/db/repositories.ts';
import { WHOLE_MAIL } from '../../src/core/ports/gateway-deliveries.ts';
import { createGatewayDeliveriesPruneJob, GATEWAY_DELIVERY_RETENTION_MS } from '../../src/jobs/gateway-deliveries-prune.ts';
import { createManualClock } from '../db/manual-clock.ts';
import { createTestPostgres } from '../db/postgres-harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'sealpost-gwdb-'));
const pg = await createTestPostgres();
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await pg?.drop();
});

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function suite(engine: string, open: () => Promise<Database>): void {
  describe(`gateway deliveries on ${engine}`, () => {
    it('records a delivery once, answers per recipient and whole mail, and prunes after 7 days', async () => {
      const db = await open();
      try {
        await db.migrate();
        const clock = createManualClock();
        const repos = createRepositories(db, { clock });
        const d = repos.gatewayDeliveries;
        expect(await d.isDone('fp1', WHOLE_MAIL)).toBe(false);
        await d.markDone('fp1', WHOLE_MAIL, 'relay');
        // Postfix re-sends: marking again is harmless (the same row stays).
        await d.markDone('fp1', WHOLE_MAIL, 'relay');
        await d.markDone('fp1', 'a@example.org', 'pdf');
        expect(await d.isDone('fp1', WHOLE_MAIL)).toBe(true);
        expect(await d.isDone('fp1', 'a@example.org')).toBe(true);
        expect(await d.isDone('fp1', 'b@example.org')).toBe(false);
        expect(await d.isDone('fp2', WHOLE_MAIL)).toBe(false);
        // Inside a transaction that rolls back nothing stays.
        await expect(
          repos.transaction(async (tx) => {
            await tx.gatewayDeliveries.markDone('fp3', WHOLE_MAIL, 'handled');
            throw new Error('roll back');
          }),
        ).rejects.toThrow('roll back');
        expect(await d.isDone('fp3', WHOLE_MAIL)).toBe(false);

        clock.advance(GATEWAY_DELIVERY_RETENTION_MS - 1000);
        await d.markDone('fp4', WHOLE_MAIL, 'relay');
        const job = createGatewayDeliveriesPruneJob({ deliveries: d, clock }, { intervalMs: 60_000, logger: silent });
        await job.run(new AbortController().signal);
        expect(await d.isDone('fp1', WHOLE_MAIL)).toBe(true);
        clock.advance(2000);
        await job.run(new AbortController().signal);
        expect(await d.isDone('fp1', WHOLE_MAIL)).toBe(false);
        expect(await d.isDone('fp1', 'a@example.org')).toBe(false);
        expect(await d.isDone('fp4', WHOLE_MAIL)).toBe(true);
        await expect(d.markDone('', WHOLE_MAIL, 'relay')).rejects.toMatchObject({ code: 'SP_ERR_VALIDATION' });
      } finally {
        await db.close();
      }
    });
  });
}

suite('SQLite', () => createDatabase({ sqliteFile: join(dir, 'gw.sqlite') }));
describe.skipIf(!pg)('PostgreSQL', () => {
  suite('PostgreSQL', () => createDatabase({ url: pg!.url }));
});
