// Sender controls after sending, through the real HTTP API on SQLite and on PostgreSQL: changing the expiry (and
// every enforcer seeing it: recipient access, downloads, the sweep, the blob's deletion day), unlocking a
// locked-out recipient; each audited, and each refused for someone else's message, a recalled or expired one.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expiryDay, keyExpiryDay } from '../../src/core/transfers/blob-keys.ts';
import { toBase64Url } from '../../src/crypto/index.ts';
import { createTestPostgres, type TestPostgres } from '../db/postgres-harness.ts';
import { startApi, type ApiHarness } from './api-harness.ts';
import { fetchFile, sendFixture } from './transfer-fixture.ts';

const pg: TestPostgres | undefined = await createTestPostgres();
afterAll(async () => pg?.drop());

const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;

function senderControlSuite(engine: string, env: () => Record<string, string> | undefined): void {
  describe(`sender controls (${engine})`, () => {
    let api: ApiHarness;
    let sender: { token: string };
    let other: { token: string };

    beforeAll(async () => {
      const e = env();
      if (!e) throw new Error('no database');
      api = await startApi({ DEV_MAILBOX: 'true', ...e });
    });
    afterAll(() => api?.close());
    // Tests move the clock by weeks: fresh sessions (and addresses, so each code mail is the only one) for each.
    let round = 0;
    beforeEach(async () => {
      round += 1;
      sender = await api.signIn(`dr.muster.${round}@praxis-muster.de`);
      other = await api.signIn(`someone.else.${round}@praxis-muster.de`);
    });

    const now = () => api.clock.now().getTime();
    const setExpiry = (id: string, expiresAt: Date | string, token = sender.token) =>
      api.call('POST', `/api/transfers/${id}/expiry`, { token, body: { expiresAt: typeof expiresAt === 'string' ? expiresAt : expiresAt.toISOString() } });
    const auditOf = async (id: string) => {
      await api.runtime.repos.audit.sealPending();
      return (await api.call('GET', `/api/transfers/${id}/audit`, { token: sender.token })).json.events as Array<{ action: string; actor: string; recipientId: string | null; details: Record<string, unknown> }>;
    };
    const sweep = () => api.runtime.scheduler.runNow('transfer-sweep');
    const statusOf = async (id: string) => (await api.call('GET', `/api/transfers/${id}`, { token: sender.token })).json.status as string;
    const wrongVerifier = () => toBase64Url(randomBytes(32));

    describe('expiry', () => {
      it('extends the expiry: the recipient, downloads and the sweep all keep the message past the old expiry; audited', async () => {
        const sent = await sendFixture(api, sender, { recipients: ['a@example.org'], sizes: [4000] });
        const a = sent.recipients.get('a@example.org');
        const file = sent.files[0];
        if (!a || !file) throw new Error('fixture');
        const before = await api.call('GET', `/api/transfers/${sent.transferId}`, { token: sender.token });
        const oldExpiry = new Date(before.json.expiresAt as string);
        expect(new Date(before.json.latestExpiresAt as string).getTime()).toBe(new Date(before.json.createdAt as string).getTime() + 30 * DAY);
        const oldKey = (await api.runtime.repos.files.get(file.id))?.blobKey ?? '';
        expect(keyExpiryDay(oldKey)).toBe(expiryDay(oldExpiry));

        const target = new Date(now() + 20 * DAY);
        const changed = await setExpiry(sent.transferId, target);
        expect(changed.status).toBe(200);
        expect(changed.json.expiresAt).toBe(target.toISOString());
        // The recipient's page shows the new expiry.
        expect((await api.call('GET', `/api/r/${a.id}`)).json.expiresAt).toBe(target.toISOString());
        // The blob moved to a key with the new deletion day (an object store's lifecycle rule for the old day would
        // delete it early); the old copy is gone from the store.
        const moved = await api.runtime.repos.files.get(file.id);
        expect(keyExpiryDay(moved?.blobKey ?? '')).toBe(expiryDay(target));
        const store = api.runtime.blobs.open(moved?.blobStore ?? null);
        expect(await store.stat(oldKey)).toBeUndefined();
        expect((await fetchFile(api, a.id, a.token, file.id)).body.equals(file.bytes)).toBe(true);

        // Past the old expiry: still there, for the recipient and after a sweep.
        api.clock.set(new Date(oldExpiry.getTime() + HOUR));
        await sweep();
        expect(await statusOf(sent.transferId)).toBe('sent');
        const reverified = await api.call('POST', `/api/r/${a.id}/verify`, { body: { verifier: sent.verifier } });
        expect(reverified.status).toBe(200);
        expect((await fetchFile(api, a.id, reverified.json.token as string, file.id)).body.equals(file.bytes)).toBe(true);

        // Past the new one: expired by the sweep, content deleted.
        api.clock.set(new Date(target.getTime() + 1000));
        expect((await api.call('GET', `/api/r/${a.id}`)).json.state).toBe('expired');
        await sweep();
        expect(await statusOf(sent.transferId)).toBe('expired');
        expect(await store.stat(moved?.blobKey ?? '')).toBeUndefined();

        const events = await auditOf(sent.transferId);
        expect(events.filter((e) => e.action === 'transfer.expiry_changed')).toEqual([
          expect.objectContaining({ actor: expect.stringMatching(/^dr\.muster\.\d+@praxis-muster\.de$/), details: { from: oldExpiry.toISOString(), to: target.toISOString() } }),
        ]);
      });

      it('shortens the expiry: the recipient is refused at once after it and the sweep expires the message', async () => {
        const sent = await sendFixture(api, sender, { recipients: ['b@example.org'], sizes: [1000] });
        const b = sent.recipients.get('b@example.org');
        const file = sent.files[0];
        if (!b || !file) throw new Error('fixture');
        const target = new Date(now() + 2 * HOUR);
        expect((await setExpiry(sent.transferId, target)).status).toBe(200);
        api.clock.set(new Date(target.getTime() + 1000));
        // A session issued before the change does not outlive the new expiry.
        expect((await fetchFile(api, b.id, b.token, file.id)).status).toBe(410);
        await sweep();
        expect(await statusOf(sent.transferId)).toBe('expired');
      });

      it('refuses an expiry in the past, now, or past the maximum from composing', async () => {
        const sent = await sendFixture(api, sender, { recipients: ['c@example.org'], sizes: [100], verify: false });
        const view = await api.call('GET', `/api/transfers/${sent.transferId}`, { token: sender.token });
        const latest = new Date(view.json.latestExpiresAt as string);
        for (const [when, reason] of [
          [new Date(now() - 1000), 'expiry_in_past'],
          [new Date(now()), 'expiry_in_past'],
          [new Date(latest.getTime() + 1000), 'expiry_too_late'],
        ] as const) {
          const res = await setExpiry(sent.transferId, when);
          expect(res.status).toBe(400);
          expect(res.json.error.code).toBe('SP_ERR_VALIDATION');
          expect(res.json.error.details.reason).toBe(reason);
        }
        // Not a date at all: refused at the boundary.
        expect((await setExpiry(sent.transferId, 'next week')).status).toBe(400);
        // Exactly the maximum is allowed.
        expect((await setExpiry(sent.transferId, latest)).status).toBe(200);
        expect((await auditOf(sent.transferId)).filter((e) => e.action === 'transfer.expiry_changed')).toHaveLength(1);
      });

      it("someone else's message is not found; a recalled or expired one cannot be changed", async () => {
        const sent = await sendFixture(api, sender, { recipients: ['d@example.org'], sizes: [100], verify: false });
        const target = new Date(now() + 3 * DAY);
        const foreign = await setExpiry(sent.transferId, target, other.token);
        expect(foreign.status).toBe(404);
        expect((await setExpiry('AAAAAAAAAAAAAAAAAAAAAA', target)).status).toBe(404);
        expect((await api.call('POST', `/api/transfers/${sent.transferId}/expiry`, { body: { expiresAt: target.toISOString() } })).status).toBe(401);

        expect((await api.call('POST', `/api/transfers/${sent.transferId}/recall`, { token: sender.token, body: {} })).status).toBe(200);
        // A repeated recall (a retry after a lost answer) is the same success, audited once.
        const again = await api.call('POST', `/api/transfers/${sent.transferId}/recall`, { token: sender.token, body: {} });
        expect(again.status).toBe(200);
        expect(again.json.status).toBe('recalled');
        const recallEntries = (await api.call('GET', `/api/transfers/${sent.transferId}/audit`, { token: sender.token })).json.events as Array<{ action: string }>;
        expect(recallEntries.filter((e) => e.action === 'transfer.recalled')).toHaveLength(1);
        const recalled = await setExpiry(sent.transferId, target);
        expect(recalled.status).toBe(409);
        expect(recalled.json.error.details.status).toBe('recalled');

        const expiring = await sendFixture(api, sender, { recipients: ['e@example.org'], sizes: [100], verify: false });
        const view = await api.call('GET', `/api/transfers/${expiring.transferId}`, { token: sender.token });
        api.clock.set(new Date(new Date(view.json.expiresAt as string).getTime() + 1000));
        // Past its expiry but not yet swept, and after the sweep: both refused.
        expect((await setExpiry(expiring.transferId, new Date(now() + DAY))).json.error.code).toBe('SP_ERR_EXPIRED');
        await sweep();
        expect((await setExpiry(expiring.transferId, new Date(now() + DAY))).status).toBe(410);
        expect(await statusOf(expiring.transferId)).toBe('expired');
        expect((await auditOf(sent.transferId)).filter((e) => e.action === 'transfer.expiry_changed')).toEqual([]);
      });
    });

    describe('unlock', () => {
      async function lockOut(rid: string): Promise<void> {
        for (let i = 0; i < 10; i += 1) await api.call('POST', `/api/r/${rid}/verify`, { body: { verifier: wrongVerifier() } });
        expect((await api.call('GET', `/api/r/${rid}`)).json.state).toBe('locked');
      }

      it('unlocks a locked-out recipient: fresh tries, the right code opens, audited; not-locked is a conflict', async () => {
        // A fresh window for the per-client failure limit (all test requests come from one address).
        api.clock.advance(2 * HOUR);
        const sent = await sendFixture(api, sender, { recipients: ['f@example.org', 'g@example.org'], sizes: [100], verify: false });
        const rid = sent.recipientIds.get('f@example.org') ?? '';
        await lockOut(rid);
        expect((await api.call('POST', `/api/r/${rid}/verify`, { body: { verifier: sent.verifier } })).status).toBe(423);
        const view = await api.call('GET', `/api/transfers/${sent.transferId}`, { token: sender.token });
        const lockedUntil = (view.json.recipients as Array<{ id: string; lockedUntil: string | null; state: string }>).find((r) => r.id === rid);
        expect(lockedUntil?.state).toBe('locked');

        const unlocked = await api.call('POST', `/api/transfers/${sent.transferId}/recipients/${rid}/unlock`, { token: sender.token, body: {} });
        expect(unlocked.status).toBe(200);
        expect((unlocked.json.recipients as Array<{ id: string; state: string; lockedUntil: string | null }>).find((r) => r.id === rid)).toMatchObject({ state: 'pending', lockedUntil: null });
        expect((await api.call('GET', `/api/r/${rid}`)).json.state).toBe('active');
        // A full set of tries again: one wrong code leaves 9.
        const wrong = await api.call('POST', `/api/r/${rid}/verify`, { body: { verifier: wrongVerifier() } });
        expect(wrong.json.error.details.attemptsLeft).toBe(9);
        expect((await api.call('POST', `/api/r/${rid}/verify`, { body: { verifier: sent.verifier } })).status).toBe(200);

        const again = await api.call('POST', `/api/transfers/${sent.transferId}/recipients/${rid}/unlock`, { token: sender.token });
        expect(again.status).toBe(409);
        expect(again.json.error.details.reason).toBe('not_locked');
        const notLocked = await api.call('POST', `/api/transfers/${sent.transferId}/recipients/${sent.recipientIds.get('g@example.org') ?? ''}/unlock`, { token: sender.token });
        expect(notLocked.status).toBe(409);

        const events = (await auditOf(sent.transferId)).filter((e) => e.action === 'recipient.unlocked');
        expect(events).toEqual([expect.objectContaining({ actor: expect.stringMatching(/^dr\.muster\.\d+@praxis-muster\.de$/), recipientId: rid, details: { lockedUntil: lockedUntil?.lockedUntil } })]);
      });

      it("refuses someone else's message, a recipient of another message, and a recalled or expired message", async () => {
        api.clock.advance(2 * HOUR);
        const sent = await sendFixture(api, sender, { recipients: ['h@example.org'], sizes: [100], verify: false });
        const elsewhere = await sendFixture(api, sender, { recipients: ['i@example.org'], sizes: [100], verify: false });
        const rid = sent.recipientIds.get('h@example.org') ?? '';
        await lockOut(rid);
        const unlock = (transferId: string, recipientId: string, token = sender.token) =>
          api.call('POST', `/api/transfers/${transferId}/recipients/${recipientId}/unlock`, { token, body: {} });
        expect((await unlock(sent.transferId, rid, other.token)).status).toBe(404);
        expect((await unlock(elsewhere.transferId, rid)).status).toBe(404);
        expect((await api.call('GET', `/api/r/${rid}`)).json.state).toBe('locked');

        // Expired (by the clock, not yet swept): refused, still locked.
        const view = await api.call('GET', `/api/transfers/${sent.transferId}`, { token: sender.token });
        const expiresAt = new Date(view.json.expiresAt as string);
        const back = now();
        api.clock.set(new Date(expiresAt.getTime() + 1000));
        expect((await unlock(sent.transferId, rid)).status).toBe(410);
        api.clock.set(new Date(back));
        expect((await api.call('POST', `/api/transfers/${sent.transferId}/recall`, { token: sender.token, body: {} })).status).toBe(200);
        expect((await unlock(sent.transferId, rid)).status).toBe(409);
        expect((await auditOf(sent.transferId)).filter((e) => e.action === 'recipient.unlocked')).toEqual([]);
      });
    });
  });
}

senderControlSuite('SQLite', () => ({}));
describe.skipIf(!pg)('on PostgreSQL', () => {
  senderControlSuite('PostgreSQL', () => pg && { DATABASE_URL: pg.url });
});
