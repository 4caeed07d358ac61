// GET /api/transfers/by-message-id (the Outlook add-in's read status for mail sent in gateway mode): the sender finds
// their own portal message the gateway made from a mail, by that mail's Message-ID with or without angle brackets;
// another sender's message, a message the gateway did not make, or an unknown Message-ID are 404 alike; bad input is
// 400; without a token 401. One suite, run on SQLite and PostgreSQL (the repository query and migration 0032's index).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretSealer } from '../../src/cli/serve/server-keys.ts';
import { markGatewayTransfer } from '../../src/core/gateway/gateway-transfers.ts';
import { startApi, type ApiHarness } from './api-harness.ts';

const SECRET = 'A'.repeat(43);

export function defineByMessageIdSuite(engine: string, env: () => Record<string, string> | undefined): void {
  describe(`a sent message by its mail's Message-ID (${engine})`, () => {
    let api: ApiHarness;
    const sealer = createSecretSealer(randomBytes(32));

    beforeAll(async () => {
      const e = env();
      if (!e) throw new Error('no database');
      api = await startApi({ DEV_MAILBOX: 'true', ...e });
    });
    afterAll(async () => api?.close());

    /** A sent message (e-mail method, no files) from the holder of `token`; returns its id. */
    async function send(token: string, to: string): Promise<string> {
      const created = await api.call('POST', '/api/transfers', { token, body: { recipients: [{ email: to, method: 'email' }], files: [] } });
      expect(created.status).toBe(201);
      const rid = created.json.recipients[0].id as string;
      const body = { manifest: Buffer.from('opaque manifest').toString('base64'), ownerWrappedIdentity: 'b3duZXI', recipients: [{ id: rid, serverShare: SECRET, wrappedIdentity: 'AAAA', linkSecret: SECRET }], notify: false };
      expect((await api.call('POST', `/api/transfers/${created.json.id}/send`, { token, body })).status).toBe(200);
      return created.json.id as string;
    }

    async function markGateway(transferId: string, senderEmail: string, messageId: string): Promise<void> {
      await markGatewayTransfer({ repos: api.runtime.repos, clock: api.clock, secretSealer: sealer }, transferId, {
        orgId: null, senderUserId: `user-${senderEmail}`, senderEmail, lang: 'de', messageId, subject: 'Befund',
      });
    }

    const lookUp = (messageId: string, token?: string) => api.call('GET', `/api/transfers/by-message-id?messageId=${encodeURIComponent(messageId)}`, token ? { token } : {});

    it('finds the caller’s own gateway message, with or without angle brackets, answered like GET /api/transfers/{id}', async () => {
      const sender = await api.signIn('dr.gateway@praxis-muster.de');
      const id = await send(sender.token, 'anna@example.org');
      await markGateway(id, 'dr.gateway@praxis-muster.de', '<AM0PR01MB1234.outlook-1@praxis-muster.de>');
      const bracketed = await lookUp('<AM0PR01MB1234.outlook-1@praxis-muster.de>', sender.token);
      expect(bracketed.status).toBe(200);
      expect(bracketed.json).toEqual((await api.call('GET', `/api/transfers/${id}`, { token: sender.token })).json);
      expect(bracketed.json).toMatchObject({ id, readStatus: { state: 'none', opened: 0, total: 1 } });
      const bare = await lookUp('AM0PR01MB1234.outlook-1@praxis-muster.de', sender.token);
      expect(bare.status).toBe(200);
      expect(bare.json.id).toBe(id);
    });

    it('another sender’s message is 404, even when both used the same Message-ID; the caller gets their own', async () => {
      const owner = await api.signIn('dr.owner@praxis-muster.de');
      const other = await api.signIn('dr.other@kanzlei.example');
      const ownersId = await send(owner.token, 'bert@example.org');
      await markGateway(ownersId, 'dr.owner@praxis-muster.de', '<shared-1@praxis-muster.de>');
      const refused = await lookUp('<shared-1@praxis-muster.de>', other.token);
      expect(refused.status).toBe(404);
      expect(refused.json.error.code).toBe('SP_ERR_NOT_FOUND');
      expect(JSON.stringify(refused.json)).not.toContain(ownersId);
      // The other sender's own message under the same Message-ID (made later): each sees only theirs.
      api.clock.advance(1000);
      const othersId = await send(other.token, 'carla@example.org');
      await markGateway(othersId, 'dr.other@kanzlei.example', '<shared-1@praxis-muster.de>');
      expect((await lookUp('<shared-1@praxis-muster.de>', other.token)).json.id).toBe(othersId);
      expect((await lookUp('<shared-1@praxis-muster.de>', owner.token)).json.id).toBe(ownersId);
    });

    it('a message the gateway did not make, an unknown Message-ID: 404', async () => {
      const sender = await api.signIn('dr.direct@praxis-muster.de');
      await send(sender.token, 'dora@example.org');
      expect((await lookUp('<never-seen@praxis-muster.de>', sender.token)).status).toBe(404);
    });

    it('bad input is 400, no token 401', async () => {
      const sender = await api.signIn('dr.input@praxis-muster.de');
      for (const bad of ['', 'x', 'no-at-sign', '<a@b> <c@d>', `${'a'.repeat(1000)}@example.org`]) {
        const res = await lookUp(bad, sender.token);
        expect(res.status, bad).toBe(400);
      }
      expect((await api.call('GET', '/api/transfers/by-message-id', { token: sender.token })).status).toBe(400);
      expect((await api.call('GET', '/api/transfers/by-message-id?messageId=a%40b.example&extra=1', { token: sender.token })).status).toBe(400);
      expect((await lookUp('<a@b.example>')).status).toBe(401);
    });
  });
}
