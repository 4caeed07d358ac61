// Storage quotas, enforced when sizes are declared (draft or reply created), before any byte is stored: per
// sender over their unsent drafts and live messages, and per reply and per recipient over their replies.
// Against a real embedded server on SQLite and one on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPostgres, type TestPostgres } from '../db/postgres-harness.ts';
import { startApi, type ApiHarness } from './api-harness.ts';
import { sendFixture } from './transfer-fixture.ts';

const pg: TestPostgres | undefined = await createTestPostgres();
afterAll(async () => pg?.drop());

const quotas = { SENDER_QUOTA_BYTES: '10000', REPLY_QUOTA_BYTES: '5000', REPLY_MAX_FILES: '3' };

function quotaSuite(engine: string, env: () => Record<string, string> | undefined): void {
  describe(`storage quotas (${engine})`, () => {
    let api: ApiHarness;

    beforeAll(async () => {
      const e = env();
      if (!e) throw new Error('no database');
      api = await startApi({ ...quotas, ...e });
    });
    afterAll(() => api?.close());

    const draft = (token: string, sizes: number[]) =>
      api.call('POST', '/api/transfers', { token, body: { recipients: [{ email: 'patient@example.org', method: 'none' }], files: sizes.map((size) => ({ size })) } });

    it('a sender cannot declare more than SENDER_QUOTA_BYTES over unsent drafts and live messages', async () => {
      const sender = await api.signIn('quota-a@praxis-muster.de');
      expect((await draft(sender.token, [6000])).status).toBe(201);
      const over = await draft(sender.token, [3000, 2000]);
      expect(over.status).toBe(413);
      expect(over.json.error.code).toBe('SP_ERR_QUOTA');
      expect(over.json.error.details).toMatchObject({ limit: 'SENDER_QUOTA_BYTES', maxBytes: 10000, usedBytes: 6000, requestedBytes: 5000 });
      expect(over.json.error.message).toMatch(/10000 bytes/);
      expect((await draft(sender.token, [4000])).status).toBe(201);
      expect((await draft(sender.token, [1])).status).toBe(413);
      // Another sender has their own quota.
      const other = await api.signIn('quota-b@praxis-muster.de');
      expect((await draft(other.token, [10000])).status).toBe(201);
      // Once abandoned drafts are deleted, their space is free again.
      api.clock.advance(25 * 3600 * 1000);
      await api.runtime.scheduler.runNow('transfer-sweep');
      expect((await draft(sender.token, [10000])).status).toBe(201);
    });

    it('parallel drafts cannot overrun the sender quota together', async () => {
      const sender = await api.signIn('quota-c@praxis-muster.de');
      const results = await Promise.all(Array.from({ length: 10 }, () => draft(sender.token, [3000])));
      expect(results.filter((r) => r.status === 201)).toHaveLength(3);
      expect(results.filter((r) => r.status === 413)).toHaveLength(7);
    });

    it('a recipient (link-only or not) cannot reply with more than REPLY_MAX_FILES files or REPLY_QUOTA_BYTES in all their replies', async () => {
      const sender = await api.signIn('quota-d@praxis-muster.de');
      const sent = await sendFixture(api, sender, { recipients: ['replier@example.org'], sizes: [100] });
      const r = sent.recipients.get('replier@example.org');
      if (!r) throw new Error('fixture');
      const reply = (sizes: number[]) => api.call('POST', `/api/r/${r.id}/replies`, { token: r.token, body: { files: sizes.map((size) => ({ size })) } });

      const tooMany = await reply([1, 1, 1, 1]);
      expect(tooMany.status).toBe(413);
      expect(tooMany.json.error).toMatchObject({ code: 'SP_ERR_QUOTA', details: { limit: 'REPLY_MAX_FILES', maxFiles: 3 } });
      const tooBig = await reply([5001]);
      expect(tooBig.json.error).toMatchObject({ code: 'SP_ERR_QUOTA', details: { limit: 'REPLY_QUOTA_BYTES', maxBytes: 5000 } });
      expect((await reply([3000])).status).toBe(201);
      const second = await reply([3000]);
      expect(second.status).toBe(413);
      expect(second.json.error.details).toMatchObject({ limit: 'REPLY_QUOTA_BYTES', usedBytes: 3000 });
      expect((await reply([1000, 1000])).status).toBe(201);
      // The replies do not eat into the original sender's quota.
      expect((await draft(sender.token, [9900])).status).toBe(201);
    });
  });
}

quotaSuite('SQLite', () => ({}));
describe.skipIf(!pg)('on PostgreSQL', () => {
  quotaSuite('PostgreSQL', () => pg && { DATABASE_URL: pg.url, DEV_MAILBOX: 'true' });
});
