// The registered recipients' test world: the account world's in-process server (SQLite, or PostgreSQL), plus helpers
// to read codes from the dev mailbox, register with a real key pair wrapped under the password, and put message rows
// into the database through the repositories (the send path for method `account` is built elsewhere).
import type { Response as LightMyRequestResponse } from 'light-my-request';
import { expect } from 'vitest';
import { newPublicId, newToken } from '../../src/core/transfers/ids.ts';
import type { RecipientRecord, TransferRecord } from '../../src/core/transfers/model.ts';
import { sealAccountWrappedIdentity } from '../../src/core/transfers/recipient-secrets.ts';
import { generateMessageIdentity } from '../../src/crypto/index.ts';
import { makeAccountKeys, wrapToAccount } from '../../src/client/account-keys.ts';
import { ARGON2_MIN } from '../../src/crypto/argon2.ts';
import type { ApiClient } from '../../src/client/api-client.ts';
import { errorFromBody } from '../../src/client/api-error.ts';
import { startAccountWorld, type AccountWorld } from '../accounts/support/account-world.ts';

export const PASSWORD = 'lantern meadow copper 1987';
// The floor the crypto module accepts: fast enough for tests, and the same wrap a device makes.
const FAST_ARGON2 = ARGON2_MIN;

export interface Registered {
  email: string;
  token: string;
  publicKey: string;
  identity: string;
  wrappedIdentity: string;
}

export interface RecipientWorld extends AccountWorld {
  /** Calls from one client address unless `client` names another. */
  call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, opts?: { token?: string; body?: unknown; client?: string }): Promise<LightMyRequestResponse>;
  /** Delivers the outbox; the mails caught for `to`, oldest first. */
  mailsTo(to: string): Promise<Array<{ subject: string; text: string }>>;
  /** Requests a code and reads it from the mail (undefined when none arrived). */
  code(email: string, purpose: 'register' | 'reset', client?: string): Promise<string | undefined>;
  keyPair(password?: string, postQuantum?: boolean): Promise<{ identity: string; publicKey: string; wrappedIdentity: string }>;
  register(email: string): Promise<Registered>;
  /** A sent message from `sender` to each row given (account rows are wrapped to `accountKey`, sealed like the send path does). */
  /** `wrapped`: per row, what an account row's wrapped identity is (made by the sender's client with wrapToAccount). */
  message(sender: string, rows: Array<{ email: string; accountKey?: string }>, options?: { notifyOnOpen?: boolean; orgId?: string }): Promise<{ transfer: TransferRecord; recipients: RecipientRecord[]; wrapped: Array<string | null>; messageIdentity: string }>;
  /** A guest sender's bearer token, made through the repositories. */
  guestToken(email: string): Promise<string>;
  /** The client core's fetch client over the in-process server (inject). */
  apiClient(): ApiClient;
  /** The installation's default audit chain, as sealed. */
  defaultAudit(): Promise<Array<{ action: string; details: Record<string, unknown> }>>;
}

export async function startRecipientWorld(databaseUrl: string | undefined): Promise<RecipientWorld> {
  const w = await startAccountWorld({ databaseUrl, dirPrefix: 'sp-recipient-accounts-', env: { DEV_MAILBOX: 'true' } });
  const { runtime, clock } = w;
  const call: RecipientWorld['call'] = (method, url, opts = {}) =>
    w.inject(method, url, {
      remoteAddress: opts.client ?? '198.51.100.7',
      ...(opts.token ? { headers: { authorization: `Bearer ${opts.token}` } } : {}),
      ...(opts.body === undefined ? {} : { body: opts.body }),
    });
  async function mailsTo(to: string) {
    while ((await runtime.worker.runOnce()).claimed > 0);
    // The dev mailbox lists newest first (the manual clock gives many mails one time): reversed, oldest first.
    const caught = (await runtime.devMailbox!.list({ limit: 1000 })).filter((m) => m.kind === 'mail' && m.mail.to.some((a) => a.address === to)).reverse();
    return caught.map((m) => (m.kind === 'mail' ? { subject: m.mail.subject, text: m.mail.text } : { subject: '', text: '' }));
  }
  const keyPair = (password = PASSWORD, postQuantum = false) => makeAccountKeys(password, { postQuantum, params: FAST_ARGON2 });
  const world: RecipientWorld = {
    ...w,
    call,
    mailsTo,
    keyPair,
    async code(email, purpose, client) {
      const before = (await mailsTo(email)).length;
      const res = await call('POST', '/api/recipient-account/code', { body: { email, lang: 'en', purpose }, ...(client ? { client } : {}) });
      expect(res.statusCode, res.body).toBe(202);
      const mails = await mailsTo(email);
      return mails.length > before ? /\b(\d{6})\b/.exec(mails.at(-1)!.text)?.[1] : undefined;
    },
    async register(email) {
      const code = await world.code(email, 'register');
      const keys = await keyPair();
      const res = await call('POST', '/api/recipient-account/register', { body: { email, code, password: PASSWORD, publicKey: keys.publicKey, wrappedIdentity: keys.wrappedIdentity, lang: 'de' } });
      expect(res.statusCode, res.body).toBe(201);
      return { email, token: res.json<{ token: string }>().token, ...keys };
    },
    async message(sender, rows, options = {}) {
      const now = clock.now();
      const transfer: TransferRecord = {
        id: newPublicId(), senderEmail: sender, ownerPublicKey: 'age1owner', status: 'sent', createdAt: now, expiresAt: new Date(now.getTime() + 7 * 86_400_000),
        sentAt: now, recalledAt: null, contentDeletedAt: null, manifest: 'bWFuaWZlc3Q=', ownerWrappedIdentity: 'b3duZXI', notifyOnOpen: options.notifyOnOpen ?? false,
        maxDownloads: null, parentTransferId: null, parentRecipientId: null, ...(options.orgId ? { orgId: options.orgId } : {}),
      };
      const recipients: RecipientRecord[] = [];
      const wrapped: Array<string | null> = [];
      const message = await generateMessageIdentity();
      for (const row of rows) {
        const id = newPublicId();
        const account = row.accountKey !== undefined;
        const toAccount = row.accountKey === undefined ? null : await wrapToAccount({ identity: message.identity, accountKey: row.accountKey, transferId: transfer.id });
        wrapped.push(toAccount);
        recipients.push({
          id, transferId: transfer.id, email: row.email, field: 'to', lang: 'en', method: 'email', phone: null, codeVerifierDigest: null,
          serverShare: account ? null : 'c2hhcmU', wrappedIdentity: toAccount ? await sealAccountWrappedIdentity(runtime.transfers.keys, id, toAccount) : 'd3JhcHBlZA',
          notifiedAt: now, verifiedAt: null, firstOpenedAt: null, recalledAt: null, failedAttempts: 0, lockedUntil: null,
          ...(account ? { accountKey: row.accountKey } : {}),
        });
      }
      await runtime.repos.transfers.create(transfer, [], recipients);
      return { transfer, recipients, wrapped, messageIdentity: message.identity };
    },
    async guestToken(email) {
      const token = newToken();
      const now = clock.now();
      await runtime.repos.sessions.create({ tokenHash: runtime.transfers.secrets.digest('token', token), kind: 'sender', subject: email, publicKey: 'age1guest', createdAt: now, expiresAt: new Date(now.getTime() + 86_400_000) });
      return token;
    },
    apiClient() {
      return {
        baseUrl: '',
        async request<T>(method: string, path: string, options: { body?: unknown; token?: string | undefined } = {}): Promise<T> {
          const res = await call(method as 'GET', path, { ...(options.token ? { token: options.token } : {}), ...(options.body === undefined ? {} : { body: options.body }) });
          if (res.statusCode >= 400) throw errorFromBody(res.statusCode, res.json());
          return (res.statusCode === 204 ? undefined : res.json()) as T;
        },
        stream: () => Promise.reject(new Error('not used')),
      };
    },
    defaultAudit: () => w.auditEntries('default'),
  };
  return world;
}
