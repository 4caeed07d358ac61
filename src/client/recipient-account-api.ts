// A registered recipient's side of the API (docs/recipient-accounts.md): codes, register, sign-in, TOTP, passkeys,
// inbox, opening a message with the account's key, reset. One implementation for the web app (and any other client) over
// the core's fetch client; failures are ApiError with the server's code. The account token is a bearer token.
import type { z } from 'zod';
import type { ApiClient } from './api-client.ts';
import type {
  RecipientAccountOpenResponse,
  RecipientAccountResetResponse,
  RecipientAccountSession,
  RecipientAccountSignInResponse,
  RecipientAccountView,
  RecipientInboxItem,
  RecipientPasskeySignInResponse,
  recipientAccountCodeRequest,
  recipientAccountCodeResponse,
  recipientAccountRegisterRequest,
  recipientAccountResetRequest,
  recipientAccountSignInRequest,
  recipientAccountTotpSetup,
} from './api-contract.ts';

export type AccountCodeRequest = z.input<typeof recipientAccountCodeRequest>;
export type AccountCodeSent = z.infer<typeof recipientAccountCodeResponse>;
export type RegisterBody = z.input<typeof recipientAccountRegisterRequest>;
export type SignInBody = z.input<typeof recipientAccountSignInRequest>;
export type ResetBody = z.input<typeof recipientAccountResetRequest>;
export type TotpSetup = z.infer<typeof recipientAccountTotpSetup>;
export type { RecipientAccountOpenResponse, RecipientAccountResetResponse, RecipientAccountSession, RecipientAccountSignInResponse, RecipientAccountView, RecipientInboxItem, RecipientPasskeySignInResponse };

/** WebAuthn options as the server made them, passed to the browser as they are, and the attempt they belong to. */
export interface PasskeyCeremony<O = Record<string, unknown>> {
  attemptId: string;
  options: O;
}
export interface RecipientPasskey {
  id: string;
  name: string;
  transports: string[];
  createdAt: string;
  lastUsedAt: string | null;
}
/** The authenticator's answer (WebAuthn JSON, extension outputs emptied) and the identity's PRF wrap made on the device. */
export interface AddPasskeyBody {
  attemptId: string;
  response: unknown;
  name: string;
  prfWrap: string;
}

export interface RecipientAccountApi {
  requestCode(body: AccountCodeRequest): Promise<AccountCodeSent>;
  register(body: RegisterBody): Promise<RecipientAccountSession>;
  signIn(body: SignInBody): Promise<RecipientAccountSignInResponse>;
  signOut(token: string): Promise<void>;
  me(token: string): Promise<{ account: RecipientAccountView & { pdfPassword: boolean } }>;
  /** The PDF password's material computed on the device (src/crypto/pdf-r6.ts), base64url; never the password. */
  setPdfPassword(token: string, body: { u: string; ueKey: string }): Promise<void>;
  removePdfPassword(token: string): Promise<void>;
  startTotp(token: string): Promise<TotpSetup>;
  confirmTotp(token: string, code: string): Promise<void>;
  inbox(token: string): Promise<{ items: RecipientInboxItem[] }>;
  /** The answer's `token` is a recipient session for /api/r/:rid/… (downloads, replies). */
  open(token: string, recipientId: string): Promise<RecipientAccountOpenResponse>;
  reset(body: ResetBody): Promise<RecipientAccountResetResponse>;
  passkeys(token: string): Promise<{ items: RecipientPasskey[] }>;
  /** `password`: needed unless the session began within the last 10 minutes (else SP_ERR_REAUTH_REQUIRED). */
  passkeyRegistrationOptions<O>(token: string, password?: string): Promise<PasskeyCeremony<O>>;
  addPasskey(token: string, body: AddPasskeyBody): Promise<RecipientPasskey>;
  removePasskey(token: string, id: string, password?: string): Promise<void>;
  passkeySignInOptions<O>(): Promise<PasskeyCeremony<O>>;
  passkeySignIn(body: { email: string; attemptId: string; response: unknown }): Promise<RecipientPasskeySignInResponse>;
}

export function createRecipientAccountApi(api: ApiClient): RecipientAccountApi {
  const base = '/api/recipient-account';
  return {
    requestCode: (body) => api.request<AccountCodeSent>('POST', `${base}/code`, { body }),
    register: (body) => api.request<RecipientAccountSession>('POST', `${base}/register`, { body }),
    signIn: (body) => api.request<RecipientAccountSignInResponse>('POST', `${base}/sign-in`, { body }),
    signOut: async (token) => {
      await api.request('POST', `${base}/sign-out`, { token });
    },
    me: (token) => api.request<{ account: RecipientAccountView & { pdfPassword: boolean } }>('GET', `${base}/me`, { token }),
    setPdfPassword: async (token, body) => {
      await api.request('PUT', `${base}/pdf-password`, { token, body });
    },
    removePdfPassword: async (token) => {
      await api.request('DELETE', `${base}/pdf-password`, { token });
    },
    startTotp: (token) => api.request<TotpSetup>('POST', `${base}/totp`, { token }),
    confirmTotp: async (token, code) => {
      await api.request('POST', `${base}/totp/confirm`, { token, body: { code } });
    },
    inbox: (token) => api.request<{ items: RecipientInboxItem[] }>('GET', `${base}/inbox`, { token }),
    open: (token, recipientId) => api.request<RecipientAccountOpenResponse>('POST', `${base}/messages/${encodeURIComponent(recipientId)}/open`, { token }),
    reset: (body) => api.request<RecipientAccountResetResponse>('POST', `${base}/reset`, { body }),
    passkeys: (token) => api.request<{ items: RecipientPasskey[] }>('GET', `${base}/passkeys`, { token }),
    passkeyRegistrationOptions: (token, password) => api.request('POST', `${base}/passkeys/registration-options`, { token, body: password === undefined ? {} : { password } }),
    addPasskey: (token, body) => api.request<RecipientPasskey>('POST', `${base}/passkeys`, { token, body }),
    removePasskey: async (token, id, password) => {
      await api.request('DELETE', `${base}/passkeys/${encodeURIComponent(id)}`, { token, body: password === undefined ? {} : { password } });
    },
    passkeySignInOptions: () => api.request('POST', `${base}/passkey/options`),
    passkeySignIn: (body) => api.request<RecipientPasskeySignInResponse>('POST', `${base}/passkey/sign-in`, { body }),
  };
}
