// Workplace agreements (issue 12, docs/agreements.md) over a real listening server: the admin reads every setting with
// its effective value and source, changes them (narrowing only, audited), and senders who try to break each rule
// through the API are refused with SP_ERR_AGREEMENT naming it — at compose, again at send, and at the expiry change.
// Run on SQLite and PostgreSQL; what the agreements delete and limit over time is agreements-retention.suite.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/client/api-client.ts';
import { blobFileSource } from '../../src/client/file-source.ts';
import { completeSend, prepareSend } from '../../src/client/send.ts';
import { nobleChunkCipher, openOwnedContent } from '../../src/crypto/index.ts';
import { resendNotification } from '../../src/client/resend.ts';
import { loadSendingMode } from '../../addin/src/sending-mode.ts';
import { sessionFetch, sessionHeaders, startAccountWorld, type AccountWorld } from './support/account-world.ts';
import { agreementsKit, DAY, PASSWORD, type View } from './support/agreements-kit.ts';

export function defineAgreementsSuite(engine: string, databaseUrl: () => string | undefined): void {
  describe(`workplace agreements on ${engine}`, () => {
    let w: AccountWorld;
    beforeAll(async () => {
      w = await startAccountWorld({ databaseUrl: databaseUrl(), dirPrefix: 'sp-agreements-', listen: true, password: PASSWORD });
    });
    afterAll(async () => w?.close());
    const { enrol, newOrg, guestToken, patch, compose, refusal, memoryStore, sendAs } = agreementsKit(() => w);

    it('shows every agreement with its effective value and source; only the organisation admin reads or changes them', async () => {
      const { admin } = await newOrg('quelle');
      const res = await w.inject('GET', '/api/org/agreements', { as: admin });
      expect(res.statusCode, res.body).toBe(200);
      const view = res.json<View>();
      expect(view).toEqual({
        allowedMethods: { value: ['account', 'sms', 'code', 'email', 'none'], source: 'installation' },
        defaultMethod: { value: 'email', source: 'installation' },
        defaultExpiryDays: { value: 7, source: 'installation' },
        maxExpiryDays: { value: 30, source: 'installation' },
        recipientScope: { value: 'all', source: 'installation' },
        trustedDomains: { value: [], source: 'installation' },
        guestRecipients: { value: 'anyone', source: 'installation' },
        defaultLanguage: { value: 'en', source: 'installation' },
        hideFileNames: { value: false, source: 'installation' },
        senderMayShowFileNames: { value: true, source: 'installation' },
        deleteUnopenedAfterDays: { value: 0, source: 'installation' },
        alwaysSecureDomains: { value: [], source: 'installation' },
        sentItemsRetentionDays: { value: 0, source: 'installation' },
        auditRetentionDays: { value: 0, source: 'installation' },
        storageQuotaMiB: { value: 0, source: 'installation' },
        maxMessageMiB: { value: 0, source: 'installation' },
        largeAttachmentMiB: { value: 20, source: 'installation' },
        gatewayRegisteredFormat: { value: 'portal', source: 'installation' },
        gatewayNotifySender: { value: true, source: 'installation' },
        gatewayNotifyDownloads: { value: true, source: 'installation' },
        gatewayReplyFormat: { value: 'clear', source: 'installation' },
        addinSendingMode: { value: 'gateway', source: 'installation' },
      });
      // The gateway's agreements (docs/gateway.md): set, shown as the organisation's, and back to the installation's.
      const gateway = { largeAttachmentMiB: 10, gatewayRegisteredFormat: 'pdf', gatewayNotifySender: false, gatewayNotifyDownloads: false, gatewayReplyFormat: 'smime' };
      const setGateway = await patch(admin, gateway);
      expect(setGateway.statusCode, setGateway.body).toBe(200);
      expect(setGateway.json<View>()).toMatchObject(Object.fromEntries(Object.entries(gateway).map(([k, value]) => [k, { value, source: 'organisation' }])));
      expect((await patch(admin, { largeAttachmentMiB: -1 })).statusCode).toBe(400);
      expect((await patch(admin, { gatewayRegisteredFormat: 'fax' })).statusCode).toBe(400);
      const unset = await patch(admin, Object.fromEntries(Object.keys(gateway).map((k) => [k, null])));
      expect(unset.json<View>()).toMatchObject({ largeAttachmentMiB: { value: 20, source: 'installation' }, gatewayRegisteredFormat: { value: 'portal', source: 'installation' }, gatewayReplyFormat: { value: 'clear', source: 'installation' } });
      const invite = await w.inject('POST', '/api/org/users', { as: admin, body: { email: 'm@quelle.example', role: 'member' } });
      const member = await enrol(invite.json<{ invitationUrl: string }>().invitationUrl, 'm@quelle.example');
      expect(refusal(await w.inject('GET', '/api/org/agreements', { as: member })).code).toBe('SP_ERR_FORBIDDEN');
      expect(refusal(await patch(member, { allowedMethods: ['none'] })).code).toBe('SP_ERR_FORBIDDEN');
      expect((await w.inject('GET', '/api/org/agreements')).statusCode).toBe(401);
    });

    it('the Outlook add-in sending mode: the admin sets it, a staff member reads it with a personal token; a bad value (400) or a member (403) changes nothing', async () => {
      const { admin, orgId } = await newOrg('ausguck');
      const invite = await w.inject('POST', '/api/org/users', { as: admin, body: { email: 'm@ausguck.example', role: 'member' } });
      const member = await enrol(invite.json<{ invitationUrl: string }>().invitationUrl, 'm@ausguck.example');
      const created = await w.inject('POST', '/api/account/tokens', { as: member, body: { name: 'Outlook add-in' } });
      expect(created.statusCode, created.body).toBe(201);
      // What the add-in reads: the mode, and the size above which attachments leave as links.
      const senderView = async () => (await w.inject('GET', '/api/sender/agreements', { headers: { authorization: `Bearer ${created.json<{ token: string }>().token}` } })).json<Record<string, unknown>>();
      expect(await senderView()).toMatchObject({ addinSendingMode: 'gateway', largeAttachmentMiB: 20 });

      const set = await patch(admin, { addinSendingMode: 'end-to-end', largeAttachmentMiB: 12 });
      expect(set.statusCode, set.body).toBe(200);
      expect(set.json<View>().addinSendingMode).toEqual({ value: 'end-to-end', source: 'organisation' });
      const changed = (await w.auditEntries(orgId)).filter((e) => e.action === 'org.agreements_changed');
      expect(changed.at(-1)?.details.changed).toMatchObject({ addinSendingMode: { from: 'gateway', to: 'end-to-end', source: 'organisation' } });
      expect(await senderView()).toMatchObject({ addinSendingMode: 'end-to-end', largeAttachmentMiB: 12 });
      // The add-in's own reader over real HTTP: the mode with the token, the gateway for a token the server refuses.
      const addinFetch = ((path: string, init?: RequestInit) => fetch(new URL(path, w.baseUrl), init)) as typeof fetch;
      expect(await loadSendingMode(created.json<{ token: string }>().token, addinFetch)).toBe('end-to-end');
      expect(await loadSendingMode('not-a-token', addinFetch)).toBe('gateway');

      const bad = refusal(await patch(admin, { addinSendingMode: 'outlook' }));
      expect(bad).toMatchObject({ status: 400, code: 'SP_ERR_VALIDATION' });
      expect(bad.details).toEqual([{ path: '/addinSendingMode', message: expect.stringMatching(/"gateway".*"end-to-end"/) as unknown }]);
      expect(refusal(await patch(member, { addinSendingMode: 'gateway' }))).toMatchObject({ status: 403, code: 'SP_ERR_FORBIDDEN' });
      expect(await senderView()).toMatchObject({ addinSendingMode: 'end-to-end' });

      expect((await patch(admin, { addinSendingMode: null })).json<View>().addinSendingMode).toEqual({ value: 'gateway', source: 'installation' });
      expect(await senderView()).toMatchObject({ addinSendingMode: 'gateway' });
    });

    it('two admins saving at once lose neither change: the agreements and the settings page both write under the row lock', async () => {
      const { admin, orgId } = await newOrg('gleichzeitig');
      // A save that has read the organisation and holds its row (what each save does inside its transaction)...
      let release = (): void => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked = (): void => undefined;
      const hasLock = new Promise<void>((resolve) => (locked = resolve));
      const first = w.runtime.repos.transaction(async (tx) => {
        const org = await tx.organisations.get(orgId, 'forUpdate');
        locked();
        await held;
        await tx.organisations.updateSettings(orgId, { ...org!.settings, smsFactorAllowed: true });
      });
      await hasLock;
      // ...while another admin changes an agreement: it must wait for the row, then build on the first save.
      const second = patch(admin, { defaultExpiryDays: 3 });
      await new Promise((resolve) => setTimeout(resolve, 200));
      release();
      await first;
      expect((await second).statusCode).toBe(200);
      const org = await w.runtime.repos.organisations.get(orgId);
      expect(org?.settings).toMatchObject({ smsFactorAllowed: true, agreements: { defaultExpiryDays: 3 } });
      // And the other way round through both routes at once: both values stay.
      const [a, b] = await Promise.all([
        w.inject('PATCH', '/api/org/settings', { as: admin, body: { guestSendersAllowed: false } }),
        patch(admin, { hideFileNames: true }),
      ]);
      expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
      expect((await w.runtime.repos.organisations.get(orgId))?.settings).toMatchObject({ guestSendersAllowed: false, smsFactorAllowed: true, agreements: { defaultExpiryDays: 3, hideFileNames: true } });
    });

    it('an organisation narrows, never widens; inconsistent values are refused naming the field; null returns to the installation', async () => {
      const { admin, orgId } = await newOrg('grenze');
      const refusedField = async (body: Record<string, unknown>) => {
        const res = await patch(admin, body);
        expect(res.statusCode, res.body).toBe(400);
        return refusal(res).details.field;
      };
      expect(await refusedField({ maxExpiryDays: 31 })).toBe('maxExpiryDays');
      expect(await refusedField({ allowedMethods: ['sms', 'code'] })).toBe('defaultMethod'); // the default (email) would be forbidden
      expect(await refusedField({ maxExpiryDays: 5, defaultExpiryDays: 6 })).toBe('defaultExpiryDays');
      expect(await refusedField({ maxExpiryDays: 5 })).toBe('defaultExpiryDays'); // installation default 7 > 5
      expect((await patch(admin, { allowedMethods: [] })).statusCode).toBe(400);
      expect((await patch(admin, { allowedMethods: ['fax'] })).statusCode).toBe(400);
      expect((await patch(admin, { bogus: true })).statusCode).toBe(400);

      const ok = await patch(admin, { allowedMethods: ['sms', 'code'], defaultMethod: 'code', maxExpiryDays: 10, defaultExpiryDays: 5, trustedDomains: ['Partner.Example'], defaultLanguage: 'de' });
      expect(ok.statusCode, ok.body).toBe(200);
      const view = ok.json<View>();
      expect(view.allowedMethods).toEqual({ value: ['sms', 'code'], source: 'organisation' });
      expect(view.maxExpiryDays).toEqual({ value: 10, source: 'organisation' });
      expect(view.trustedDomains).toEqual({ value: ['partner.example'], source: 'organisation' });
      expect(view.recipientScope.source).toBe('installation');
      const changed = (await w.auditEntries(orgId)).filter((e) => e.action === 'org.agreements_changed');
      expect(changed).toHaveLength(1);
      expect(changed[0]?.details.changed).toMatchObject({ maxExpiryDays: { from: 30, to: 10, source: 'organisation' }, allowedMethods: { from: ['account', 'sms', 'code', 'email', 'none'], to: ['sms', 'code'] } });

      const back = await patch(admin, { maxExpiryDays: null, defaultExpiryDays: null });
      expect(back.json<View>().maxExpiryDays).toEqual({ value: 30, source: 'installation' });
      expect(back.json<View>().allowedMethods.source).toBe('organisation');
      // Settings saved elsewhere keep the agreements.
      expect((await w.inject('PATCH', '/api/org/settings', { as: admin, body: { name: 'Grenze GmbH' } })).statusCode).toBe(200);
      expect((await w.inject('GET', '/api/org/agreements', { as: admin })).json<View>().allowedMethods.value).toEqual(['sms', 'code']);
    });

    it('a sender choosing a forbidden method or an expiry past the maximum is refused naming the rule; defaults come from the agreements', async () => {
      const { admin, orgId } = await newOrg('praxis');
      expect((await patch(admin, { allowedMethods: ['sms', 'code'], defaultMethod: 'code', maxExpiryDays: 10, defaultExpiryDays: 5, defaultLanguage: 'nl' })).statusCode).toBe(200);
      const offered = await w.inject('GET', '/api/sender/agreements', { as: admin });
      expect(offered.json()).toMatchObject({ allowedMethods: ['sms', 'code'], defaultMethod: 'code', maxExpiryDays: 10, defaultExpiryDays: 5, defaultLanguage: 'nl' });

      for (const method of ['email', 'none'] as const) {
        const r = refusal(await compose({ as: admin }, [{ email: 'bob@elsewhere.example', method }]));
        expect(r).toMatchObject({ status: 403, code: 'SP_ERR_AGREEMENT', details: { rule: 'allowedMethods', method, allowed: ['sms', 'code'] } });
        expect(r.message).toContain(`"${method}"`);
      }
      const tooLong = refusal(await compose({ as: admin }, [{ email: 'bob@elsewhere.example', method: 'code' }], { expiresInDays: 11 }));
      expect(tooLong).toMatchObject({ status: 403, code: 'SP_ERR_AGREEMENT', details: { rule: 'maxExpiryDays', maxExpiryDays: 10 } });
      expect(tooLong.message).toContain('10 days');
      // Past the installation's own maximum it stays an invalid request, as before agreements.
      expect(refusal(await compose({ as: admin }, [{ email: 'bob@elsewhere.example', method: 'code' }], { expiresInDays: 31 }))).toMatchObject({ status: 400, code: 'SP_ERR_VALIDATION', details: { rule: 'maxExpiryDays' } });

      const created = await compose({ as: admin }, [{ email: 'bob@elsewhere.example' }]);
      expect(created.statusCode, created.body).toBe(201);
      const draft = await w.runtime.repos.transfers.get(created.json<{ id: string }>().id);
      expect((draft?.expiresAt.getTime() ?? 0) - (draft?.createdAt.getTime() ?? 0)).toBe(5 * DAY);
      const [recipient] = await w.runtime.repos.recipients.listByTransfer(draft?.id ?? '');
      expect(recipient).toMatchObject({ method: 'code', lang: 'nl' });
      const refused = (await w.auditEntries(orgId)).filter((e) => e.action === 'transfer.refused').map((e) => e.details.rule);
      expect(refused).toEqual(['allowedMethods', 'allowedMethods', 'maxExpiryDays']);
    });

    it('checks again at send: a draft composed before the rules tightened is refused, and hidden file names stay hidden', async () => {
      const { admin } = await newOrg('nachher');
      // Composed while e-mail codes were allowed, sent after the admin forbade them.
      const ctx = { api: createApiClient({ baseUrl: w.baseUrl, fetch: sessionFetch(admin) }), token: '', uploadHeaders: sessionHeaders(admin), cipher: nobleChunkCipher, store: memoryStore() };
      const file = blobFileSource(new Blob(['x']), { name: 'geheim.pdf', lastModified: 1 });
      const { state, encryptors } = await prepareSend(ctx, {
        server: w.baseUrl, email: admin.email, personalRecipient: admin.publicKey,
        input: { recipients: [{ email: 'bob@elsewhere.example', field: 'to', method: 'email' }], subject: 's', text: 't', files: [file], notifyOnOpen: false, notify: true, notification: {}, showFiles: false },
      });
      expect((await patch(admin, { allowedMethods: ['sms', 'code'], defaultMethod: 'code' })).statusCode).toBe(200);
      await expect(completeSend(ctx, { state, files: [file], encryptors, chunkSize: 1024 * 1024 }).done).rejects.toMatchObject({ code: 'SP_ERR_AGREEMENT', details: { rule: 'allowedMethods' } });

      expect((await patch(admin, { allowedMethods: null, defaultMethod: null, hideFileNames: true, senderMayShowFileNames: false })).statusCode).toBe(200);
      await expect(sendAs(admin, { method: 'email', showFiles: true })).rejects.toMatchObject({ code: 'SP_ERR_AGREEMENT', details: { rule: 'senderMayShowFileNames' } });
      const sent = await sendAs(admin, { method: 'email', showFiles: false });
      expect(sent.status).toBe('sent');
      // Where senders may choose, they may show the names.
      expect((await patch(admin, { senderMayShowFileNames: null })).statusCode).toBe(200);
      expect((await sendAs(admin, { method: 'email', showFiles: true })).status).toBe('sent');
    });

    it('the expiry change route keeps the organisation maximum, counted from composing', async () => {
      const { admin } = await newOrg('frist');
      expect((await patch(admin, { maxExpiryDays: 10, defaultExpiryDays: 3 })).statusCode).toBe(200);
      const sent = await sendAs(admin, { method: 'none', showFiles: false });
      expect(new Date(sent.latestExpiresAt).getTime()).toBe(new Date(sent.createdAt).getTime() + 10 * DAY);
      const setExpiry = (at: Date) => w.inject('POST', `/api/transfers/${sent.id}/expiry`, { as: admin, body: { expiresAt: at.toISOString() } });
      const tooLate = refusal(await setExpiry(new Date(new Date(sent.latestExpiresAt).getTime() + 1000)));
      expect(tooLate).toMatchObject({ status: 403, code: 'SP_ERR_AGREEMENT', details: { rule: 'maxExpiryDays', reason: 'expiry_too_late', maxExpiryDays: 10 } });
      expect((await setExpiry(new Date(sent.latestExpiresAt))).statusCode).toBe(200);
    });

    it('sending a notification again keeps the agreements: no forbidden method, no hidden file names', async () => {
      const { admin } = await newOrg('erneut');
      const view = await sendAs(admin, { method: 'email', showFiles: false });
      const rid = view.recipients[0]?.id ?? '';
      expect((await patch(admin, { allowedMethods: ['sms', 'email'], hideFileNames: true, senderMayShowFileNames: false })).statusCode).toBe(200);
      const opened = await openOwnedContent({ ownerWrappedIdentity: view.ownerWrappedIdentity ?? '', manifest: view.manifest ?? '', personalIdentity: admin.identity, messageId: view.id });
      if (opened.state !== 'open') throw new Error(`content ${opened.state}`);
      const api = createApiClient({ baseUrl: w.baseUrl, fetch: sessionFetch(admin) });
      await expect(resendNotification({ api, token: '', transfer: view, recipientId: rid, identity: opened.identity, method: 'none' })).rejects.toMatchObject({ code: 'SP_ERR_AGREEMENT', details: { rule: 'allowedMethods', method: 'none' } });
      const files = await w.inject('POST', `/api/transfers/${view.id}/recipients/${rid}/resend`, { as: admin, body: { serverShare: 'A'.repeat(43), wrappedIdentity: 'A'.repeat(43), linkSecret: 'A'.repeat(43), notification: { files: [{ name: 'befund.pdf', size: 6 }] } } });
      expect(refusal(files)).toMatchObject({ status: 403, code: 'SP_ERR_AGREEMENT', details: { rule: 'senderMayShowFileNames' } });
      // Within the rules it goes out.
      const again = await resendNotification({ api, token: '', transfer: view, recipientId: rid, identity: opened.identity });
      expect(again.recipients[0]?.notification).toEqual({ status: 'queued' });
    });

    it('secure mail for external recipients only, trusted domains counting as internal; guests of the organisation only to it', async () => {
      const { admin, orgId } = await newOrg('amt');
      expect((await patch(admin, { recipientScope: 'external', trustedDomains: ['partner.example'], guestRecipients: 'organisation' })).statusCode).toBe(200);
      for (const email of ['kollege@amt.example', 'k@sub.amt.example', 'p@partner.example']) {
        const r = refusal(await compose({ as: admin }, [{ email: 'bob@elsewhere.example', method: 'none' }, { email, method: 'none' }]));
        expect(r).toMatchObject({ status: 403, code: 'SP_ERR_AGREEMENT', details: { rule: 'recipientScope', recipients: [email] } });
        expect(r.message).toContain(email);
      }
      expect((await compose({ as: admin }, [{ email: 'bob@elsewhere.example', method: 'none' }])).statusCode).toBe(201);

      // A guest using the organisation's address may write only inside it (and here: not to colleagues either).
      const guest = await guestToken('gast@amt.example');
      expect(refusal(await compose({ token: guest }, [{ email: 'bob@elsewhere.example', method: 'none' }]))).toMatchObject({ status: 403, code: 'SP_ERR_AGREEMENT', details: { rule: 'guestRecipients', recipients: ['bob@elsewhere.example'] } });
      expect((await patch(admin, { recipientScope: null })).statusCode).toBe(200);
      expect((await compose({ token: guest }, [{ email: 'kollege@amt.example', method: 'none' }])).statusCode).toBe(201);
      expect((await compose({ token: guest }, [{ email: 'p@partner.example', method: 'none' }])).statusCode).toBe(201);
      expect((await patch(admin, { guestRecipients: null })).statusCode).toBe(200);
      expect((await compose({ token: guest }, [{ email: 'bob@elsewhere.example', method: 'none' }])).statusCode).toBe(201);
      // A guest sees the choices of the organisation their address belongs to.
      expect((await w.inject('GET', '/api/sender/agreements', { headers: { authorization: `Bearer ${guest}` } })).json()).toMatchObject({ recipientScope: 'all' });
      const rules = (await w.auditEntries(orgId)).filter((e) => e.action === 'transfer.refused').map((e) => e.details.rule);
      expect(rules).toEqual(['recipientScope', 'recipientScope', 'recipientScope', 'guestRecipients']);
    });
    it('always sends securely to the agreed domains: the scan answers a required notice, senders read the list, the change is audited', async () => {
      const { admin, orgId } = await newOrg('sicher');
      const scan = (to: string[], lang = 'en') => w.inject('POST', '/api/security-notices/scan', { as: admin, body: { subject: 'Hallo', body: 'Nur ein Gruß.', to, lang } });
      const before = await scan(['arzt@klinik.example']);
      expect(before.statusCode, before.body).toBe(200);
      expect(before.json<{ notices: Array<{ id: string }> }>().notices.map((n) => n.id)).not.toContain('agreement.alwaysSecureDomains');

      expect((await patch(admin, { alwaysSecureDomains: ['not a domain'] })).statusCode).toBe(400);
      const set = await patch(admin, { alwaysSecureDomains: ['Klinik.Example', 'lab.example'] });
      expect(set.statusCode, set.body).toBe(200);
      expect(set.json<View>().alwaysSecureDomains).toEqual({ value: ['klinik.example', 'lab.example'], source: 'organisation' });
      const changed = (await w.auditEntries(orgId)).filter((e) => e.action === 'org.agreements_changed');
      expect(changed.at(-1)?.details.changed).toEqual({ alwaysSecureDomains: { from: [], to: ['klinik.example', 'lab.example'], source: 'organisation' } });
      expect((await w.inject('GET', '/api/sender/agreements', { as: admin })).json()).toMatchObject({ alwaysSecureDomains: ['klinik.example', 'lab.example'] });

      // A recipient in a listed domain or one of its subdomains: a required notice naming the rule, in the sender's language.
      const res = await scan(['friend@elsewhere.example', 'arzt@station.klinik.example'], 'de');
      const answer = res.json<{ highestLevel: string; notices: Array<{ id: string; level: string; detector: string; title: string; evidence: string[] }> }>();
      expect(answer.highestLevel).toBe('required');
      const notice = answer.notices.find((n) => n.id === 'agreement.alwaysSecureDomains');
      expect(notice).toMatchObject({ level: 'required', detector: 'secureDomain', evidence: ['…@station.klinik.example'] });
      expect(notice?.title).toContain('immer geschützt');
      expect((await scan(['friend@elsewhere.example', 'x@notklinik.example'])).json<{ notices: Array<{ id: string }> }>().notices.map((n) => n.id)).not.toContain('agreement.alwaysSecureDomains');

      // An empty list is the organisation's own choice (none); null returns to the installation default.
      expect((await patch(admin, { alwaysSecureDomains: [] })).json<View>().alwaysSecureDomains).toEqual({ value: [], source: 'organisation' });
      expect((await patch(admin, { alwaysSecureDomains: null })).json<View>().alwaysSecureDomains).toEqual({ value: [], source: 'installation' });
    });
    it('a fired security-notice rule demands a minimum verification: the scan reports it, weaker recipients are refused at compose and at send, the declaration is audited', async () => {
      const { admin, orgId } = await newOrg('befund');
      const rules = {
        version: 1,
        custom: [
          { kind: 'keywords', id: 'patient', label: 'Patient data', keywords: ['patientenakte'], level: 'warning', minVerification: 'code' },
          { kind: 'keywords', id: 'intern', label: 'Internal', keywords: ['vertraulich'], level: 'advice' },
          { kind: 'keywords', id: 'konto', label: 'Accounts', keywords: ['kontoliste'], level: 'required', minVerification: 'account' },
        ],
      };
      const saved = await w.inject('PUT', '/api/org/security-notices/rules', { as: admin, body: rules });
      expect(saved.statusCode, saved.body).toBe(200);
      expect((await w.inject('PUT', '/api/org/security-notices/rules', { as: admin, body: { version: 1, custom: [{ ...rules.custom[0], minVerification: 'fax' }] } })).statusCode).toBe(400);

      // The scan (the organisation's set) names each fired rule's minimum.
      const scan = await w.inject('POST', '/api/security-notices/scan', { as: admin, body: { subject: 'Patientenakte', body: 'vertraulich', to: ['bob@elsewhere.example'] } });
      expect(scan.statusCode, scan.body).toBe(200);
      const fired = Object.fromEntries(scan.json<{ notices: Array<{ id: string; minVerification: string | null }> }>().notices.map((n) => [n.id, n.minVerification]));
      expect(fired).toMatchObject({ 'custom:patient': 'code', 'custom:intern': null });
      // Senders scanning on the device get the same (organisation's) set.
      const onDevice = (await w.inject('GET', '/api/security-notices/rules', { as: admin })).json<{ custom: Array<{ id: string; minVerification?: string }> }>();
      expect(onDevice.custom.map((c) => [c.id, c.minVerification])).toEqual([['patient', 'code'], ['intern', undefined], ['konto', 'account']]);

      const declared = ['custom:patient', 'custom:intern'];
      const weak = refusal(await compose({ as: admin }, [{ email: 'bob@elsewhere.example', method: 'email' }, { email: 'carl@elsewhere.example', method: 'sms', phone: '+31612345678' }], { noticeRuleIds: declared }));
      expect(weak).toMatchObject({ status: 403, code: 'SP_ERR_AGREEMENT', details: { rule: 'minVerification', noticeRuleId: 'custom:patient', minVerification: 'code', recipients: ['bob@elsewhere.example'] } });
      expect(weak.message).toContain('Patient data');
      expect(refusal(await compose({ as: admin }, [{ email: 'bob@elsewhere.example', method: 'none' }], { noticeRuleIds: ['custom:nope'] }))).toMatchObject({ status: 400, code: 'SP_ERR_VALIDATION', details: { field: 'noticeRuleIds', unknown: ['custom:nope'] } });
      // No recipient method reaches "account" yet (registered recipients come later): such a rule refuses them all.
      expect(refusal(await compose({ as: admin }, [{ email: 'carl@elsewhere.example', method: 'sms', phone: '+31612345678' }], { noticeRuleIds: ['custom:konto'] }))).toMatchObject({ status: 403, details: { rule: 'minVerification', minVerification: 'account' } });
      // Without a demanding rule among the declared ones, or with strong enough methods, it goes through.
      expect((await compose({ as: admin }, [{ email: 'bob@elsewhere.example', method: 'email' }], { noticeRuleIds: ['custom:intern'] })).statusCode).toBe(201);
      const sent = await sendAs(admin, { method: 'code', showFiles: true, noticeRuleIds: declared });
      expect(sent.status).toBe('sent');

      // Declared only at send: checked there against the stored recipients.
      await expect(sendAs(admin, { method: 'email', showFiles: true, declareAtSendOnly: ['custom:patient'] })).rejects.toMatchObject({ code: 'SP_ERR_AGREEMENT', details: { rule: 'minVerification' } });

      const entries = await w.auditEntries(orgId);
      expect(entries.filter((e) => e.action === 'transfer.refused').map((e) => e.details.rule)).toEqual(['minVerification', 'minVerification', 'minVerification']);
      // Ids only, never content: the last created and the one sent message declared both rules.
      expect(entries.filter((e) => e.action === 'transfer.created').map((e) => e.details.noticeRuleIds)).toEqual([['custom:intern'], declared, undefined]);
      expect(entries.filter((e) => e.action === 'transfer.sent').map((e) => e.details.noticeRuleIds)).toEqual([declared]);
    });
  });
}
