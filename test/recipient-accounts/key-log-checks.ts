import { describe, expect, it } from 'vitest';
import type { ApiClient, RequestOptions } from '../../src/client/api-client.ts';
import { checkOwnKeyLog, fetchRecipientKey, memoryCheckpointStore } from '../../src/client/key-log.ts';
import { nextKeyLogEntry } from '../../src/crypto/index.ts';
import { PASSWORD, type RecipientWorld } from './world.ts';

/**
 * The key log as a sender's and a recipient's client check it (src/client/key-log.ts), against a server whose
 * database is edited under it: part of the registered-recipients suite, on SQLite and PostgreSQL.
 */
export function defineKeyLogChecks(world: () => RecipientWorld, address: (name: string) => string): void {
  describe('the key log as a client checks it', () => {
    async function rejection(promise: Promise<unknown>): Promise<{ code?: string; details?: { reason?: string } }> {
      try {
        await promise;
      } catch (error) {
        return error as { code?: string; details?: { reason?: string } };
      }
      throw new Error('expected a rejection');
    }
    const db = () => world().runtime.db.kysely;
    const snapshot = async () => db().selectFrom('keyLog').selectAll().orderBy('seq').execute();
    /** Puts the log back as it was (the suite shares one database). */
    async function restore(rows: Awaited<ReturnType<typeof snapshot>>): Promise<void> {
      await db().deleteFrom('keyLog').execute();
      for (const row of rows) await db().insertInto('keyLog').values(row).execute();
      const last = rows.at(-1)!;
      await db().updateTable('keyLogHead').set({ seq: last.seq, hash: last.hash }).execute();
    }

    it('fetches a verified key and moves the checkpoint; the log only grows', async () => {
      const w = world();
      const api = w.apiClient();
      const sender = await w.guestToken('checker@sender.example');
      const eva = await w.register(address('log-eva'));
      const store = memoryCheckpointStore();
      expect(await fetchRecipientKey(api, eva.email, store, sender)).toMatchObject({ registered: true, publicKey: eva.publicKey });
      const first = store.current!;
      const fred = await w.register(address('log-fred'));
      expect(await fetchRecipientKey(api, fred.email, store, sender)).toMatchObject({ publicKey: fred.publicKey });
      expect(store.current!.seq).toBe(first.seq + 1);
      expect(await fetchRecipientKey(api, address('log-nobody'), store, sender)).toEqual({ registered: false });
      // Entries after the checkpoint verify from it; the earlier entry of eva is re-checked against it too.
      expect(await fetchRecipientKey(api, eva.email, store, sender)).toMatchObject({ publicKey: eva.publicKey });
      // A log shown shorter than a checkpoint is a rollback.
      const rows = await snapshot();
      await db().deleteFrom('keyLog').where('seq', '=', rows.at(-1)!.seq).execute();
      expect(await rejection(fetchRecipientKey(api, eva.email, store, sender))).toMatchObject({ code: 'SP_ERR_KEY_LOG', details: { reason: 'forked' } });
      await restore(rows);
    });

    it('detects a tampered entry and a rewritten (forked) history; a first contact trusts what it is shown', async () => {
      const w = world();
      const api = w.apiClient();
      const sender = await w.guestToken('checker2@sender.example');
      const gina = await w.register(address('log-gina'));
      const store = memoryCheckpointStore();
      const key = await fetchRecipientKey(api, gina.email, store, sender);
      if (!key.registered) throw new Error('expected a key');
      const rows = await snapshot();
      const mallory = await w.keyPair();

      // Tampering: the entry now names another key (its hash no longer fits).
      await db().updateTable('keyLog').set({ publicKey: mallory.publicKey }).where('seq', '=', key.seq).execute();
      await db().updateTable('recipientAccounts').set({ publicKey: mallory.publicKey }).where('email', '=', gina.email).execute();
      expect(await rejection(fetchRecipientKey(api, gina.email, memoryCheckpointStore(), sender))).toMatchObject({ code: 'SP_ERR_KEY_LOG', details: { reason: 'broken' } });

      // A fork: history recomputed so every hash fits, with mallory's key for gina. A client that saw the real log refuses it.
      let head: { seq: number; hash: string } | null = null;
      const forged = rows.map((row) => {
        const entry = nextKeyLogEntry(head, { emailHash: row.emailHash, publicKey: Number(row.seq) === key.seq ? mallory.publicKey : row.publicKey, event: row.event as 'registered', at: row.at });
        head = entry;
        return entry;
      });
      await db().deleteFrom('keyLog').execute();
      for (const entry of forged) await db().insertInto('keyLog').values(entry).execute();
      expect(await rejection(fetchRecipientKey(api, gina.email, store, sender))).toMatchObject({ code: 'SP_ERR_KEY_LOG', details: { reason: 'forked' } });
      // What the log cannot do: a client with no checkpoint has nothing to compare with (docs/security.md).
      expect(await fetchRecipientKey(api, gina.email, memoryCheckpointStore(), sender)).toMatchObject({ publicKey: mallory.publicKey });
      // The recipient's own check sees a key they never made.
      const own = await checkOwnKeyLog(api, gina.email, [gina.publicKey], gina.token);
      expect(own.map((e) => e.publicKey)).toEqual([mallory.publicKey]);

      await restore(rows);
      await db().updateTable('recipientAccounts').set({ publicKey: gina.publicKey }).where('email', '=', gina.email).execute();
      expect(await checkOwnKeyLog(api, gina.email, [gina.publicKey], gina.token)).toEqual([]);
    });

    it('refuses a key the log has replaced, and the recipient sees every key of their address', async () => {
      const w = world();
      const api = w.apiClient();
      const sender = await w.guestToken('checker3@sender.example');
      const hana = await w.register(address('log-hana'));
      const old = await fetchRecipientKey(api, hana.email, memoryCheckpointStore(), sender);
      if (!old.registered) throw new Error('expected a key');
      const code = (await w.code(hana.email, 'reset'))!;
      const keys = await w.keyPair();
      const reset = await w.call('POST', '/api/recipient-account/reset', { body: { email: hana.email, code, password: PASSWORD, publicKey: keys.publicKey, wrappedIdentity: keys.wrappedIdentity } });
      expect(reset.statusCode, reset.body).toBe(200);
      // A server still handing out the old key (with its old entry) is caught by the newer entry.
      const stale: ApiClient = { ...api, request: <T>(method: string, path: string, options?: RequestOptions) => (path.startsWith('/api/recipient-keys/') ? Promise.resolve(old as T) : api.request<T>(method, path, options)) };
      expect(await rejection(fetchRecipientKey(stale, hana.email, memoryCheckpointStore(), sender))).toMatchObject({ code: 'SP_ERR_KEY_LOG', details: { reason: 'superseded' } });
      expect(await fetchRecipientKey(api, hana.email, memoryCheckpointStore(), sender)).toMatchObject({ publicKey: keys.publicKey });
      const token = reset.json<{ token: string }>().token;
      expect((await checkOwnKeyLog(api, hana.email, [keys.publicKey], token)).map((e) => e.event)).toEqual(['registered']);
      // Only senders and registered recipients read the log.
      expect((await w.call('GET', '/api/key-log')).statusCode).toBe(401);
      expect((await w.call('GET', `/api/recipient-keys/${encodeURIComponent(hana.email)}`, { token })).statusCode).toBe(401);
    });
  });
}
