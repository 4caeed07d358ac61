// The account tests' one world: an in-process server (SQLite, or PostgreSQL when a database URL is given) on a
// manual clock, the AccountContext that core calls take, requests with a staff session (cookie, CSRF token and
// same-origin fetch metadata), enrolment with real TOTP codes, and the organisation's audit entries as sealed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response as LightMyRequestResponse } from 'light-my-request';
import pino from 'pino';
import { expect } from 'vitest';
import { createRuntime, type Runtime } from '../../../src/cli/serve/runtime.ts';
import type { Config } from '../../../src/config/config.ts';
import { loadConfig } from '../../../src/config/load-config.ts';
import { defaultAccountPolicy, type AccountContext } from '../../../src/core/accounts/context.ts';
import { totpCode } from '../../../src/crypto/totp.ts';
import { createManualClock, type ManualClock } from '../../db/manual-clock.ts';

export const PUBLIC_URL = 'https://sealpost.example';
export const GOOD_PASSWORD = 'correct horse battery staple 42';

export interface Signed {
  cookie: string;
  csrf: string;
}
/** A staff member who accepted the invitation and enrolled TOTP: the session is the one from the invitation. */
export interface Enrolled extends Signed {
  email: string;
  secret: string;
  codes: string[];
}
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export interface InjectOptions {
  as?: Signed;
  body?: unknown;
  /** Added after (and so over) the session headers. */
  headers?: Record<string, string>;
  remoteAddress?: string;
}

/** The token at the end of an invitation (or any) link. */
export const tokenOf = (link: string): string => link.slice(link.lastIndexOf('/') + 1);
/** The `name=value` part of a Set-Cookie header. */
export const cookieOf = (setCookie: string | string[] | undefined): string => String(setCookie).split(';')[0] ?? '';
/** The session an answer opened: its cookie and the CSRF token in its body. */
export const signedOf = (res: LightMyRequestResponse): Signed => ({ cookie: cookieOf(res.headers['set-cookie']), csrf: res.json<{ csrfToken: string }>().csrfToken });
/** The headers a browser tab of the app sends with a staff session. */
export const sessionHeaders = (as: Signed): Record<string, string> => ({ cookie: as.cookie, 'x-sealpost-csrf': as.csrf, 'sec-fetch-site': 'same-origin' });
/** A fetch that sends every request with the staff session's headers (for the client core over a listening server). */
export const sessionFetch = (as: Signed): typeof fetch => (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...sessionHeaders(as) } });

export interface AccountWorldOptions {
  databaseUrl: string | undefined;
  clock?: ManualClock;
  /** Settings on top of DATA_DIR, PORT, PUBLIC_URL (and DATABASE_URL, DEV_MAILBOX, ORG_DOMAINS on PostgreSQL). */
  env?: Record<string, string>;
  dirPrefix?: string;
  /** Parts of the AccountContext a suite needs beyond the defaults (the SMS factor, say). */
  accounts?: (runtime: Runtime) => Partial<AccountContext>;
  /** Also listen on a loopback port, for tests that go through fetch and the client core. */
  listen?: boolean;
  password?: string;
}

export interface AccountWorld {
  runtime: Runtime;
  config: Config;
  clock: ManualClock;
  accounts: AccountContext;
  /** The listening server's URL (only with `listen`). */
  baseUrl: string;
  password: string;
  inject(method: Method, url: string, opts?: InjectOptions): Promise<LightMyRequestResponse>;
  /** Accepts the invitation at `link` with the world's password, then sets up and confirms TOTP with a real code. */
  enrol(link: string): Promise<Enrolled>;
  /** Signs in with password and a fresh TOTP code; the clock moves on a step so the next code is new. */
  signIn(email: string, secret: string): Promise<Signed>;
  /** `enrol` then `signIn`: the session is a signed-in one. */
  enrolAndSignIn(link: string): Promise<Enrolled>;
  /** The organisation's audit entries in order, after sealing what requests left for the sealer (as an export does). */
  auditEntries(orgId: string): Promise<Array<{ action: string; details: Record<string, unknown> }>>;
  close(): Promise<void>;
}

export async function startAccountWorld(options: AccountWorldOptions): Promise<AccountWorld> {
  const clock = options.clock ?? createManualClock(new Date());
  const password = options.password ?? GOOD_PASSWORD;
  const dir = mkdtempSync(join(tmpdir(), options.dirPrefix ?? 'sp-accounts-'));
  const url = options.databaseUrl;
  const env: Record<string, string> = {
    DATA_DIR: dir, PORT: '0', PUBLIC_URL,
    ...(url ? { DATABASE_URL: url, DEV_MAILBOX: 'true', ORG_DOMAINS: 'sealpost.example' } : {}),
    ...options.env,
  };
  const config = loadConfig({ env, cwd: dir });
  const runtime = await createRuntime(config, { logger: pino({ level: 'silent' }), version: 'test', clock, manualJobs: true });
  const baseUrl = options.listen ? (await runtime.start()).url : '';
  const accounts: AccountContext = {
    repos: runtime.repos, clock, secrets: runtime.transfers.secrets, policy: defaultAccountPolicy, publicUrl: PUBLIC_URL,
    ...options.accounts?.(runtime),
  };

  const inject: AccountWorld['inject'] = (method, path, opts = {}) =>
    runtime.app.inject({
      method,
      url: path,
      ...(opts.remoteAddress === undefined ? {} : { remoteAddress: opts.remoteAddress }),
      headers: { ...(opts.as ? sessionHeaders(opts.as) : {}), ...opts.headers },
      ...(opts.body === undefined ? {} : { payload: opts.body as object }),
    });

  async function enrol(link: string): Promise<Enrolled> {
    const accepted = await inject('POST', '/api/invitations/accept', { body: { token: tokenOf(link), password } });
    expect(accepted.statusCode, accepted.body).toBe(201);
    const as = signedOf(accepted);
    const { secret } = (await inject('POST', '/api/account/totp/setup', { as })).json<{ secret: string }>();
    const confirmed = await inject('POST', '/api/account/totp/confirm', { as, body: { code: totpCode(secret, clock.now()) } });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    clock.advance(30_000);
    return { ...as, email: accepted.json<{ email: string }>().email, secret, codes: confirmed.json<{ recoveryCodes: string[] }>().recoveryCodes };
  }

  async function signIn(email: string, secret: string): Promise<Signed> {
    const res = await inject('POST', '/api/account/sign-in', { body: { email, password, totp: totpCode(secret, clock.now()) } });
    expect(res.statusCode, res.body).toBe(200);
    clock.advance(30_000);
    return signedOf(res);
  }

  return {
    runtime, config, clock, accounts, baseUrl, password, inject, enrol, signIn,
    async enrolAndSignIn(link) {
      const enrolled = await enrol(link);
      return { ...enrolled, ...(await signIn(enrolled.email, enrolled.secret)) };
    },
    async auditEntries(orgId) {
      await runtime.repos.audit.sealPending();
      const rows = await runtime.db.kysely.selectFrom('auditLog').select(['action', 'body']).where('orgId', '=', orgId).orderBy('seq').execute();
      return rows.map((r) => ({ action: r.action, details: (JSON.parse(r.body) as { details?: Record<string, unknown> }).details ?? {} }));
    },
    async close() {
      await runtime.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
