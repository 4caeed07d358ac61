// Sender controls after sending for staff senders, over a real listening server: only the staff member who sent the
// message may change its expiry, send a notification again (a new link made by the client core from the message key
// their personal key opens) or unlock a recipient; a colleague, another organisation's staff and a guest with the
// same address get "not found". The audit lands in the organisation's chain. One suite, run on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/client/api-client.ts';
import type { TransferView } from '../../src/client/api-contract.ts';
import type { PendingSend, PendingSendStore } from '../../src/client/pending-send.ts';
import { resendNotification } from '../../src/client/resend.ts';
import { completeSend, prepareSend } from '../../src/client/send.ts';
import type { Runtime } from '../../src/cli/serve/runtime.ts';
import type { AccountContext } from '../../src/core/accounts/context.ts';
import { createOrganisation } from '../../src/core/accounts/organisations.ts';
import { newToken } from '../../src/core/transfers/ids.ts';
import { ARGON2_MIN, generatePersonalKey, nobleChunkCipher, openOwnedContent, toBase64Url } from '../../src/crypto/index.ts';
import { createManualClock } from '../db/manual-clock.ts';
import { sessionFetch, sessionHeaders, startAccountWorld, type AccountWorld, type Signed } from './support/account-world.ts';

const PASSWORD = 'a long and unusual passphrase 7';
const DAY = 24 * 3600 * 1000;

interface Staff extends Signed { email: string; identity: string; publicKey: string }

export function defineSenderControlsStaffSuite(engine: string, databaseUrl: () => string | undefined): void {
  describe(`sender controls for staff on ${engine}`, () => {
    const clock = createManualClock(new Date());
    let w: AccountWorld;
    let runtime: Runtime;
    let base: string;
    let accounts: AccountContext;

    beforeAll(async () => {
      w = await startAccountWorld({ databaseUrl: databaseUrl(), clock, dirPrefix: 'sp-staff-controls-', listen: true, password: PASSWORD });
      ({ runtime, accounts, baseUrl: base } = w);
    });
    afterAll(async () => w?.close());

    const call = async (path: string, headers: Record<string, string>, body?: unknown) => {
      const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body ?? {}) });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };

    async function enrol(invitationUrl: string, email: string): Promise<Staff> {
      const { cookie, csrf } = await w.enrolAndSignIn(invitationUrl);
      const key = await generatePersonalKey({ password: PASSWORD, params: ARGON2_MIN });
      const put = await fetch(`${base}/api/account/personal-key`, {
        method: 'PUT', headers: { 'content-type': 'application/json', ...sessionHeaders({ cookie, csrf }) },
        body: JSON.stringify({ publicKey: key.recipient, wrappedByPassword: toBase64Url(key.wrappedIdentity), wrappedByRecovery: [] }),
      });
      expect(put.status).toBe(204);
      return { cookie, csrf, email, identity: key.identity, publicKey: key.recipient };
    }

    async function newOrg(name: string): Promise<{ admin: Staff; orgId: string }> {
      const adminEmail = `admin@${name}.example`;
      const created = await createOrganisation(accounts, { name, domains: [`${name}.example`], adminEmail }, null);
      return { admin: await enrol(created.invitationUrl, adminEmail), orgId: created.org.id };
    }

    const memoryStore = (): PendingSendStore => {
      const saved = new Map<string, PendingSend>();
      return { save: (s) => Promise.resolve(void saved.set(s.transferId, s)), remove: (id) => Promise.resolve(void saved.delete(id)) };
    };

    /** A message sent by `as` through the client core, link-only, the link handed back instead of mailed. */
    async function sendAs(as: Staff): Promise<TransferView> {
      const ctx = { api: createApiClient({ baseUrl: base, fetch: sessionFetch(as) }), token: '', uploadHeaders: sessionHeaders(as), cipher: nobleChunkCipher, store: memoryStore() };
      const { state, encryptors } = await prepareSend(ctx, {
        server: base, email: as.email, personalRecipient: as.publicKey,
        input: { recipients: [{ email: 'bob@elsewhere.example', field: 'to', method: 'none' }], subject: 'Befund', text: 'Anbei.', files: [], notifyOnOpen: false, notify: false, notification: {}, showFiles: false },
      });
      return completeSend(ctx, { state, files: [], encryptors, chunkSize: 1024 * 1024 }).done;
    }

    it('only the sender changes the expiry, sends again or unlocks; the audit lands in the organisation', async () => {
      const { admin: owner, orgId } = await newOrg('praxis');
      const colleagueInvite = await call('/api/org/users', sessionHeaders(owner), { email: 'colleague@praxis.example', role: 'member' });
      expect(colleagueInvite.status).toBe(201);
      const colleague = await enrol(String(colleagueInvite.json.invitationUrl), 'colleague@praxis.example');
      const { admin: stranger } = await newOrg('gemeinde');
      const guestToken = newToken();
      const now = clock.now();
      await runtime.repos.sessions.create({ tokenHash: runtime.transfers.secrets.digest('token', guestToken), kind: 'sender', subject: owner.email, publicKey: 'age1guest', createdAt: now, expiresAt: new Date(now.getTime() + DAY) });

      const view = await sendAs(owner);
      const rid = view.recipients[0]?.id ?? '';
      const expiry = { expiresAt: new Date(clock.now().getTime() + 10 * DAY).toISOString() };
      for (const [who, headers] of [['colleague', sessionHeaders(colleague)], ['other organisation', sessionHeaders(stranger)], ['guest with the same address', { authorization: `Bearer ${guestToken}` }]] as const) {
        expect((await call(`/api/transfers/${view.id}/expiry`, headers, expiry)).status, who).toBe(404);
        expect((await call(`/api/transfers/${view.id}/recipients/${rid}/unlock`, headers)).status, who).toBe(404);
        expect((await call(`/api/transfers/${view.id}/recipients/${rid}/resend`, headers, { serverShare: 'A'.repeat(43), wrappedIdentity: 'A'.repeat(43), codeVerifierDigest: 'A'.repeat(43), linkSecret: 'A'.repeat(43) })).status, who).toBe(404);
      }

      const changed = await call(`/api/transfers/${view.id}/expiry`, sessionHeaders(owner), expiry);
      expect(changed.status).toBe(200);
      expect(changed.json.expiresAt).toBe(expiry.expiresAt);
      // The client core makes the new link from the message key, which the owner's personal key opens.
      const opened = await openOwnedContent({ ownerWrappedIdentity: view.ownerWrappedIdentity ?? '', manifest: view.manifest ?? '', personalIdentity: owner.identity, messageId: view.id });
      if (opened.state !== 'open') throw new Error(`content ${opened.state}`);
      const api = createApiClient({ baseUrl: base, fetch: sessionFetch(owner) });
      const after = await resendNotification({ api, token: '', transfer: view, recipientId: rid, identity: opened.identity });
      expect(after.recipients[0]?.notification).toEqual({ status: 'queued' });

      const actions = (await w.auditEntries(orgId)).map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['transfer.expiry_changed', 'transfer.notification_resent']));
      expect(actions.filter((a) => a === 'transfer.expiry_changed')).toHaveLength(1);
    });
  });
}
