// The agreements suites' shared set-up (agreements.suite.ts, agreements-retention.suite.ts): staff enrolled with a
// personal key, organisations, guest tokens, and the requests the tests make — over one AccountWorld each suite starts.
import { expect } from 'vitest';
import { createApiClient } from '../../../src/client/api-client.ts';
import type { TransferView } from '../../../src/client/api-contract.ts';
import { blobFileSource } from '../../../src/client/file-source.ts';
import type { PendingSend, PendingSendStore } from '../../../src/client/pending-send.ts';
import { completeSend, prepareSend } from '../../../src/client/send.ts';
import { createOrganisation } from '../../../src/core/accounts/organisations.ts';
import { newToken } from '../../../src/core/transfers/ids.ts';
import { ARGON2_MIN, generatePersonalKey, nobleChunkCipher, toBase64Url } from '../../../src/crypto/index.ts';
import { sessionFetch, sessionHeaders, type AccountWorld, type Signed } from './account-world.ts';

export const PASSWORD = 'a long and unusual passphrase 7';
export const DAY = 24 * 3600 * 1000;

export interface Staff extends Signed { email: string; publicKey: string; identity: string }
export interface Effective { value: unknown; source: 'installation' | 'organisation' }
export type View = Record<'allowedMethods' | 'defaultMethod' | 'defaultExpiryDays' | 'maxExpiryDays' | 'recipientScope' | 'trustedDomains' | 'guestRecipients' | 'defaultLanguage' | 'hideFileNames' | 'senderMayShowFileNames' | 'deleteUnopenedAfterDays' | 'alwaysSecureDomains' | 'sentItemsRetentionDays' | 'auditRetentionDays' | 'storageQuotaMiB' | 'maxMessageMiB' | 'largeAttachmentMiB' | 'gatewayRegisteredFormat' | 'gatewayNotifySender' | 'gatewayNotifyDownloads' | 'gatewayReplyFormat' | 'addinSendingMode', Effective>;

/** The helpers over the suite's world (read when called: the world starts in beforeAll). */
export function agreementsKit(world: () => AccountWorld) {
  async function enrol(invitationUrl: string, email: string): Promise<Staff> {
    const signed = await world().enrolAndSignIn(invitationUrl);
    const key = await generatePersonalKey({ password: PASSWORD, params: ARGON2_MIN });
    const put = await world().inject('PUT', '/api/account/personal-key', { as: signed, body: { publicKey: key.recipient, wrappedByPassword: toBase64Url(key.wrappedIdentity), wrappedByRecovery: [] } });
    expect(put.statusCode, put.body).toBe(204);
    return { cookie: signed.cookie, csrf: signed.csrf, email, publicKey: key.recipient, identity: key.identity };
  }

  async function newOrg(name: string): Promise<{ admin: Staff; orgId: string }> {
    const created = await createOrganisation(world().accounts, { name, domains: [`${name}.example`], adminEmail: `admin@${name}.example` }, null);
    return { admin: await enrol(created.invitationUrl, `admin@${name}.example`), orgId: created.org.id };
  }

  async function guestToken(email: string): Promise<string> {
    const token = newToken();
    const now = world().clock.now();
    await world().runtime.repos.sessions.create({ tokenHash: world().runtime.transfers.secrets.digest('token', token), kind: 'sender', subject: email, publicKey: 'age1guest', createdAt: now, expiresAt: new Date(now.getTime() + DAY) });
    return token;
  }

  const patch = (as: Staff, body: Record<string, unknown>) => world().inject('PATCH', '/api/org/agreements', { as, body });
  const compose = (headers: { as?: Staff; token?: string }, recipients: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}) =>
    world().inject('POST', '/api/transfers', { ...(headers.as ? { as: headers.as } : {}), headers: headers.token ? { authorization: `Bearer ${headers.token}` } : {}, body: { recipients, files: [], ...extra } });
  const refusal = (res: { statusCode: number; json: <T>() => T }) => ({ status: res.statusCode, ...res.json<{ error: { code: string; message: string; details: Record<string, unknown> } }>().error });

  const memoryStore = (): PendingSendStore => {
    const saved = new Map<string, PendingSend>();
    return { save: (s) => Promise.resolve(void saved.set(s.transferId, s)), remove: (id) => Promise.resolve(void saved.delete(id)) };
  };

  /** A real send through the client core (web app and CLI use it): one file, the notification mailed. */
  async function sendAs(as: Staff, options: { method: 'sms' | 'code' | 'email' | 'none'; showFiles: boolean; expiresInDays?: number; noticeRuleIds?: string[]; declareAtSendOnly?: string[] }): Promise<TransferView> {
    const ctx = { api: createApiClient({ baseUrl: world().baseUrl, fetch: sessionFetch(as) }), token: '', uploadHeaders: sessionHeaders(as), cipher: nobleChunkCipher, store: memoryStore() };
    const file = blobFileSource(new Blob(['Befund']), { name: 'befund.pdf', lastModified: 1 });
    const recipient = { email: 'bob@elsewhere.example', field: 'to' as const, method: options.method, ...(options.method === 'code' ? { accessCode: 'K7-long-enough-code' } : {}), ...(options.method === 'sms' ? { phone: '+31612345678' } : {}) };
    const { state, encryptors } = await prepareSend(ctx, {
      server: world().baseUrl, email: as.email, personalRecipient: as.publicKey,
      input: { recipients: [recipient], subject: 'Befund', text: 'Anbei.', files: [file], notifyOnOpen: false, notify: true, notification: {}, showFiles: options.showFiles, ...(options.expiresInDays ? { expiresInDays: options.expiresInDays } : {}), noticeRuleIds: options.noticeRuleIds },
    });
    // A client that declares only at send (the server checks again there, against the recipients stored at compose).
    if (options.declareAtSendOnly) state.sendBody.noticeRuleIds = options.declareAtSendOnly;
    return completeSend(ctx, { state, files: [file], encryptors, chunkSize: 1024 * 1024 }).done;
  }

  return { enrol, newOrg, guestToken, patch, compose, refusal, memoryStore, sendAs };
}
