import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unlockPersonalKey } from '../../src/crypto/personal-key.ts';
import { fromBase64Url, keyLogEmailHash } from '../../src/crypto/index.ts';
import { PASSWORD, startRecipientWorld, type RecipientWorld } from './world.ts';

/** Registered recipients (docs/recipient-accounts.md) over the HTTP API: one suite, run on SQLite and PostgreSQL. */
export function defineRecipientAccountSuite(engine: string, databaseUrl: () => string | undefined): void {
  describe(`registered recipients on ${engine}`, () => {
    let w: RecipientWorld;
    beforeAll(async () => {
      w = await startRecipientWorld(databaseUrl());
    });
    afterAll(async () => w?.close());
    let n = 0;
    const address = (name: string) => `${name}.${(n += 1)}@client.example`;

    it('registers with the mailed code: session, account view, key log entry, the key for senders, audited', async () => {
      const email = address('anna');
      const r = await w.register(email);
      const me = await w.call('GET', '/api/recipient-account/me', { token: r.token });
      expect(me.json()).toMatchObject({ account: { email, publicKey: r.publicKey, hasSecondFactor: false, lang: 'de' } });
      const sender = await w.guestToken('sender@elsewhere.example');
      const key = await w.call('GET', `/api/recipient-keys/${encodeURIComponent(email.toUpperCase())}`, { token: sender });
      expect(key.json()).toMatchObject({ registered: true, publicKey: r.publicKey });
      const { seq } = key.json<{ seq: number }>();
      const log = (await w.call('GET', `/api/key-log?after=${seq - 1}&limit=1`, { token: sender })).json<{ entries: Array<{ emailHash: string; publicKey: string; event: string }> }>();
      expect(log.entries).toMatchObject([{ seq, emailHash: keyLogEmailHash(email), publicKey: r.publicKey, event: 'registered' }]);
      expect((await w.call('GET', `/api/recipient-keys/${encodeURIComponent(address('nobody'))}`, { token: sender })).json()).toEqual({ registered: false });
      expect(await w.defaultAudit()).toContainEqual(expect.objectContaining({ action: 'recipient_account.registered', details: expect.objectContaining({ keyLogSeq: seq }) }));
      // Sign-in hands back the password-wrapped identity, which opens with the password on the device.
      const signedIn = await w.call('POST', '/api/recipient-account/sign-in', { body: { email, password: PASSWORD } });
      expect(signedIn.statusCode, signedIn.body).toBe(200);
      const wrapped = signedIn.json<{ wrappedIdentity: string }>().wrappedIdentity;
      expect(await unlockPersonalKey({ wrappedIdentity: fromBase64Url(wrapped), password: PASSWORD })).toBe(r.identity);
    });

    it('a database thief finds no identity in clear: only the password-wrapped one, no session token, no code', async () => {
      const r = await w.register(address('thief'));
      const dump = JSON.stringify([
        await w.runtime.db.kysely.selectFrom('recipientAccounts').selectAll().execute(),
        await w.runtime.db.kysely.selectFrom('recipientAccountSessions').selectAll().execute(),
        await w.runtime.db.kysely.selectFrom('keyLog').selectAll().execute(),
        await w.runtime.db.kysely.selectFrom('verificationCodes').selectAll().execute(),
      ]);
      expect(dump).not.toContain(r.identity);
      expect(dump).not.toContain('AGE-SECRET-KEY');
      expect(dump).not.toContain(r.token);
      expect(dump).not.toContain(PASSWORD);
      expect(dump).toContain(r.wrappedIdentity);
    });
  });
}
