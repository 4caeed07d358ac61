// An in-process server (SQLite or PostgreSQL) with a manual clock and helpers to create organisations, enrol staff
// with real TOTP codes and call the API with their session cookie and CSRF token.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response as LightMyRequestResponse } from 'light-my-request';
import pino from 'pino';
import { expect } from 'vitest';
import { createRuntime, type Runtime } from '../../src/cli/serve/runtime.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { defaultAccountPolicy, type AccountContext } from '../../src/core/accounts/context.ts';
import { createOrganisation } from '../../src/core/accounts/organisations.ts';
import { totpCode } from '../../src/crypto/totp.ts';
import { createManualClock, type ManualClock } from '../db/manual-clock.ts';

export const PUBLIC_URL = 'https://sealpost.example';
export const GOOD_PASSWORD = 'correct horse battery staple 42';

export interface Signed {
  cookie: string;
  csrf: string;
}
export interface Staff extends Signed {
  email: string;
  secret: string;
  userId: string;
}
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface ConsoleWorld {
  runtime: Runtime;
  clock: ManualClock;
  accounts: AccountContext;
  inject(method: Method, url: string, opts?: { as?: Signed; body?: unknown }): Promise<LightMyRequestResponse>;
  /** A new organisation with its admin enrolled and signed in. */
  org(name: string, domain: string): Promise<{ orgId: string; admin: Staff }>;
  /** Invites and enrols a member of the admin's organisation, signed in. */
  member(admin: Signed, email: string, role?: 'member' | 'admin'): Promise<Staff>;
  close(): Promise<void>;
}

export async function startConsoleWorld(databaseUrl: string | undefined): Promise<ConsoleWorld> {
  const clock = createManualClock(new Date());
  const dir = mkdtempSync(join(tmpdir(), 'sp-org-console-'));
  const env: Record<string, string> = { DATA_DIR: dir, PORT: '0', PUBLIC_URL, ...(databaseUrl ? { DATABASE_URL: databaseUrl, DEV_MAILBOX: 'true', ORG_DOMAINS: 'sealpost.example' } : {}) };
  const runtime = await createRuntime(loadConfig({ env, cwd: dir }), { logger: pino({ level: 'silent' }), version: 'test', clock, manualJobs: true });
  const accounts: AccountContext = { repos: runtime.repos, clock, secrets: runtime.transfers.secrets, policy: defaultAccountPolicy, publicUrl: PUBLIC_URL };
  const inject: ConsoleWorld['inject'] = (method, url, opts = {}) =>
    runtime.app.inject({
      method,
      url,
      headers: opts.as ? { cookie: opts.as.cookie, 'x-sealpost-csrf': opts.as.csrf, 'sec-fetch-site': 'same-origin' } : {},
      ...(opts.body === undefined ? {} : { payload: opts.body as object }),
    });
  const tokenOf = (link: string) => link.slice(link.lastIndexOf('/') + 1);
  const cookieOf = (setCookie: string | string[] | undefined) => String(setCookie).split(';')[0] ?? '';

  async function enrolAndSignIn(link: string, userId: string): Promise<Staff> {
    const accepted = await inject('POST', '/api/invitations/accept', { body: { token: tokenOf(link), password: GOOD_PASSWORD } });
    expect(accepted.statusCode, accepted.body).toBe(201);
    const as = { cookie: cookieOf(accepted.headers['set-cookie']), csrf: accepted.json<{ csrfToken: string }>().csrfToken };
    const { secret } = (await inject('POST', '/api/account/totp/setup', { as })).json<{ secret: string }>();
    expect((await inject('POST', '/api/account/totp/confirm', { as, body: { code: totpCode(secret, clock.now()) } })).statusCode).toBe(200);
    clock.advance(30_000);
    const email = accepted.json<{ email: string }>().email;
    const signed = await inject('POST', '/api/account/sign-in', { body: { email, password: GOOD_PASSWORD, totp: totpCode(secret, clock.now()) } });
    expect(signed.statusCode, signed.body).toBe(200);
    clock.advance(30_000);
    return { cookie: cookieOf(signed.headers['set-cookie']), csrf: signed.json<{ csrfToken: string }>().csrfToken, email, secret, userId };
  }

  return {
    runtime,
    clock,
    accounts,
    inject,
    async org(name, domain) {
      const created = await createOrganisation(accounts, { name, domains: [domain], adminEmail: `admin@${domain}` }, null);
      return { orgId: created.org.id, admin: await enrolAndSignIn(created.invitationUrl, created.adminUserId) };
    },
    async member(admin, email, role = 'member') {
      const res = await inject('POST', '/api/org/users', { as: admin, body: { email, role } });
      expect(res.statusCode, res.body).toBe(201);
      const invited = res.json<{ invitationUrl: string; userId: string }>();
      return enrolAndSignIn(invited.invitationUrl, invited.userId);
    },
    async close() {
      await runtime.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
