// GET /api/transfers/by-message-id (the Outlook add-in's read status for mail sent in gateway mode): a staff member
// finds ALL their own portal messages the gateway made from a mail (one for the visible recipients, one per Bcc…), by
// that mail's Message-ID with or without angle brackets, newest first; another sender's messages under the same
// Message-ID never appear, however many there are; a guest (the gateway sends as staff only), a message the gateway
// did not make, or an unknown Message-ID are 404 alike; bad input is 400; without a token 401. One suite, run on
// SQLite and PostgreSQL (the repository query and migration 0031's index).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretSealer } from '../../src/cli/serve/server-keys.ts';
import { defaultAccountPolicy } from '../../src/core/accounts/context.ts';
import { createOrganisation } from '../../src/core/accounts/organisations.ts';
import { issuePersonalToken } from '../../src/core/accounts/personal-tokens.ts';
import { markGatewayTransfer } from '../../src/core/gateway/gateway-transfers.ts';
import { messagesPerMessageId } from '../../src/core/gateway/sent-by-message-id.ts';
import { generateAgeKeyPair } from '../../src/crypto/index.ts';
import { startApi, type ApiHarness } from './api-harness.ts';

const SECRET = 'A'.repeat(43);

interface Staff {
  token: string;
  userId: string;
  orgId: string;
  email: string;
}

export function defineByMessageIdSuite(engine: string, env: () => Record<string, string> | undefined): void {
  describe(`a sent mail's gateway messages by its Message-ID (${engine})`, () => {
    let api: ApiHarness;
    const sealer = createSecretSealer(randomBytes(32));

    beforeAll(async () => {
      const e = env();
      if (!e) throw new Error('no database');
      api = await startApi({ DEV_MAILBOX: 'true', ...e });
    });
    afterAll(async () => api?.close());

    /**
     * A staff member with a personal key, enrolled, holding a `send` token (as the add-in after its device sign-in).
     * Enrolment itself is tested elsewhere (test/web/account-support); here it is set on the account directly.
     */
    async function staff(name: string): Promise<Staff> {
      const { runtime, clock } = api;
      const accounts = { repos: runtime.repos, clock, secrets: runtime.transfers.secrets, policy: defaultAccountPolicy, publicUrl: api.base };
      const email = `dr.${name}@${name}.example`;
      await createOrganisation(accounts, { name: `Praxis ${name}`, domains: [`${name}.example`], adminEmail: email }, null);
      const [user] = await runtime.repos.users.findByEmail(email);
      if (!user) throw new Error('no staff user');
      await runtime.repos.users.update(user.orgId, user.id, { publicKey: (await generateAgeKeyPair({ postQuantum: false })).recipient, totpEnrolledAt: clock.now() });
      const owner = { userId: user.id, orgId: user.orgId, actor: email };
      const { token } = await runtime.repos.transaction((tx) => issuePersonalToken(tx, accounts, owner, { name: 'Outlook add-in', scopes: ['send'] }, { clientAddress: null }, 'api'));
      return { token, userId: user.id, orgId: user.orgId, email };
    }

    /** A sent message (e-mail method, no files) from the holder of `token` to `to`; returns its id. */
    async function send(token: string, to: string[]): Promise<string> {
      const created = await api.call('POST', '/api/transfers', { token, body: { recipients: to.map((email) => ({ email, method: 'email' })), files: [] } });
      expect(created.status, JSON.stringify(created.json)).toBe(201);
      const recipients = (created.json.recipients as Array<{ id: string }>).map((r) => ({ id: r.id, serverShare: SECRET, wrappedIdentity: 'AAAA', linkSecret: SECRET }));
      const body = { manifest: Buffer.from('opaque manifest').toString('base64'), ownerWrappedIdentity: 'b3duZXI', recipients, notify: false };
      expect((await api.call('POST', `/api/transfers/${created.json.id}/send`, { token, body })).status).toBe(200);
      return created.json.id as string;
    }

    /** What the gateway records right after it sent a portal message for `who` (src/smtp/deliver). */
    async function markGateway(transferId: string, who: Pick<Staff, 'userId' | 'orgId' | 'email'>, messageId: string): Promise<void> {
      await markGatewayTransfer({ repos: api.runtime.repos, clock: api.clock, secretSealer: sealer }, transferId, {
        orgId: who.orgId, senderUserId: who.userId, senderEmail: who.email, lang: 'de', messageId, subject: 'Befund',
      });
    }

    const lookUp = (messageId: string, token?: string) => api.call('GET', `/api/transfers/by-message-id?messageId=${encodeURIComponent(messageId)}`, token ? { token } : {});
    const idsOf = (json: { items: Array<{ id: string }> }) => json.items.map((t) => t.id);

    it('finds the caller’s own gateway message, with or without angle brackets, each answered like GET /api/transfers/{id}', async () => {
      const sender = await staff('gateway');
      const id = await send(sender.token, ['anna@example.org']);
      await markGateway(id, sender, '<AM0PR01MB1234.outlook-1@gateway.example>');
      const bracketed = await lookUp('<AM0PR01MB1234.outlook-1@gateway.example>', sender.token);
      expect(bracketed.status).toBe(200);
      expect(bracketed.json).toEqual({ items: [(await api.call('GET', `/api/transfers/${id}`, { token: sender.token })).json] });
      expect(bracketed.json.items[0]).toMatchObject({ id, readStatus: { state: 'none', opened: 0, total: 1 } });
      const bare = await lookUp('AM0PR01MB1234.outlook-1@gateway.example', sender.token);
      expect(bare.status).toBe(200);
      expect(idsOf(bare.json)).toEqual([id]);
    });

    it('every message the gateway made from one mail (visible recipients, one per Bcc), newest first', async () => {
      const sender = await staff('several');
      const messageId = '<mail-with-bcc@several.example>';
      const visible = await send(sender.token, ['alice@example.org', 'carol@example.org']);
      await markGateway(visible, sender, messageId);
      api.clock.advance(1000);
      const bccBob = await send(sender.token, ['bob@example.org']);
      await markGateway(bccBob, sender, messageId);
      api.clock.advance(1000);
      const bccDora = await send(sender.token, ['dora@example.org']);
      await markGateway(bccDora, sender, messageId);
      // A mail with another Message-ID stays out.
      await markGateway(await send(sender.token, ['erik@example.org']), sender, '<another-mail@several.example>');

      const found = await lookUp(messageId, sender.token);
      expect(found.status).toBe(200);
      expect(idsOf(found.json)).toEqual([bccDora, bccBob, visible]);
      const recipients = (found.json.items as Array<{ recipients: Array<{ email: string }> }>).map((t) => t.recipients.map((r) => r.email));
      expect(recipients).toEqual([['dora@example.org'], ['bob@example.org'], ['alice@example.org', 'carol@example.org']]);
    });

    it('another sender’s messages under the same Message-ID never appear, not even 25 of them; each sees only their own', async () => {
      const owner = await staff('owner');
      const other = await staff('other');
      const shared = '<shared-1@owner.example>';
      const ownersId = await send(owner.token, ['bert@example.org']);
      await markGateway(ownersId, owner, shared);
      expect((await lookUp(shared, other.token)).status).toBe(404);

      // Made later than the owner's, so a look-up that read every sender's newest rows first would reach these alone.
      const othersIds: string[] = [];
      for (let i = 0; i < 25; i++) {
        api.clock.advance(1000);
        const id = await send(other.token, [`carla.${i}@example.org`]);
        await markGateway(id, other, shared);
        othersIds.push(id);
      }
      const asOwner = await lookUp(shared, owner.token);
      expect(asOwner.status).toBe(200);
      expect(idsOf(asOwner.json)).toEqual([ownersId]);
      const asOther = await lookUp(shared, other.token);
      expect(idsOf(asOther.json)).toEqual([...othersIds].reverse());
      expect(JSON.stringify(asOther.json)).not.toContain(ownersId);
    });

    it(`at most ${messagesPerMessageId} messages for one Message-ID, the newest`, async () => {
      const sender = await staff('bounded');
      const reused = '<reused@bounded.example>';
      const ids: string[] = [];
      for (let i = 0; i < messagesPerMessageId + 2; i++) {
        api.clock.advance(1000);
        const id = await send(sender.token, [`r.${i}@example.org`]);
        await markGateway(id, sender, reused);
        ids.push(id);
      }
      const found = await lookUp(reused, sender.token);
      expect(idsOf(found.json)).toEqual(ids.slice(2).reverse());
    });

    it('a guest sender (no staff account) is 404, even for a Message-ID the gateway marked with their message', async () => {
      const guest = await api.signIn('gast@praxis-muster.de');
      const id = await send(guest.token, ['frieda@example.org']);
      await markGateway(id, { userId: 'not-a-staff-member', orgId: 'no-org', email: 'gast@praxis-muster.de' }, '<guest-1@praxis-muster.de>');
      const res = await lookUp('<guest-1@praxis-muster.de>', guest.token);
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe('SP_ERR_NOT_FOUND');
    });

    it('a message the gateway did not make, an unknown Message-ID: 404', async () => {
      const sender = await staff('direct');
      await send(sender.token, ['dora@example.org']);
      expect((await lookUp('<never-seen@direct.example>', sender.token)).status).toBe(404);
    });

    it('bad input is 400, no token 401', async () => {
      const sender = await staff('input');
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
