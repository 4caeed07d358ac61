// The recipient-account API as the inbox pages call it (docs/recipient-accounts.md): register, sign in, reset, the
// authenticator app, the inbox list and opening one message. One thin layer over the app's fetch client, so the
// pages never build paths or bodies themselves; failures are ApiError with the server's code.
import { webApi } from '../api/client.ts';
import type { VerifyResponse } from '../../../src/client/api-contract.ts';

export interface RecipientAccount {
  email: string;
  publicKey: string;
  createdAt: string;
  keyCreatedAt: string;
  hasSecondFactor: boolean;
  lang: string;
}

export interface AccountSession {
  token: string;
  expiresAt: string;
  account: RecipientAccount;
}

export type InboxOpensWith = 'account' | 'link' | 'lost';

export interface InboxItem {
  recipientId: string;
  transferId: string;
  senderEmail: string;
  sentAt: string;
  expiresAt: string;
  state: string;
  opensWith: InboxOpensWith;
}

export interface LostMessage {
  recipientId: string;
  transferId: string;
  senderEmail: string;
  sentAt: string;
}

/** A new key made on this device: the public half and the identity wrapped under the password (base64url). */
export interface NewKey {
  publicKey: string;
  wrappedIdentity: string;
}

/** What opening an account message answers: a verification's answer without a server share. */
export type AccountOpened = Omit<VerifyResponse, 'serverShare'>;

const base = '/api/recipient-account';

export const inboxApi = {
  requestCode: (body: { email: string; lang: string; purpose: 'register' | 'reset' }) =>
    webApi.request<{ expiresInSeconds: number }>('POST', `${base}/code`, { body }),
  register: (body: { email: string; code: string; password: string; lang: string } & NewKey) =>
    webApi.request<AccountSession>('POST', `${base}/register`, { body }),
  signIn: (body: { email: string; password: string; totp?: string }) =>
    webApi.request<AccountSession & { wrappedIdentity: string }>('POST', `${base}/sign-in`, { body }),
  signOut: (token: string) => webApi.request<unknown>('POST', `${base}/sign-out`, { token }),
  reset: (body: { email: string; code: string; totp?: string; password: string } & NewKey) =>
    webApi.request<AccountSession & { lost: LostMessage[] }>('POST', `${base}/reset`, { body }),
  totpSetup: (token: string) => webApi.request<{ secret: string; otpauthUri: string }>('POST', `${base}/totp`, { token }),
  totpConfirm: (token: string, code: string) => webApi.request<unknown>('POST', `${base}/totp/confirm`, { token, body: { code } }),
  inbox: (token: string) => webApi.request<{ items: InboxItem[] }>('GET', `${base}/inbox`, { token }),
  open: (token: string, recipientId: string) =>
    webApi.request<AccountOpened>('POST', `${base}/messages/${encodeURIComponent(recipientId)}/open`, { token }),
};
