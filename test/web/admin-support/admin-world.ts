// Browser-test world for the organisation console: the sender pages' world (real server, built web app, Chromium)
// with mail going to a real SMTP server that refuses chosen recipients with 550, and an organisation whose admin is
// enrolled and signed in through the API with real TOTP codes from the otpauth package.
import { Secret, TOTP } from 'otpauth';
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { defaultAccountPolicy } from '../../../src/core/accounts/context.ts';
import { createOrganisation } from '../../../src/core/accounts/organisations.ts';
import { startSmtpServer, type SmtpTestServer } from '../../mail/smtp-test-server.ts';
import { startWebWorld, type WebWorld } from '../sender-support/harness.ts';

export const PASSWORD = 'correct horse battery staple 42';

export interface AdminWorld {
  web: WebWorld;
  smtp: SmtpTestServer;
  /** Addresses the SMTP server answers 550 for (RCPT TO), while they are in the set. */
  refused: Set<string>;
  close(): Promise<void>;
}

export async function startAdminWorld(): Promise<AdminWorld> {
  const refused = new Set<string>();
  const smtp = await startSmtpServer({
    onRcptTo(address, _session, callback) {
      if (refused.has(address.address.toLowerCase())) callback(Object.assign(new Error('5.1.1 Mailbox unavailable'), { responseCode: 550 }));
      else callback();
    },
  });
  const web = await startWebWorld({ SMTP_URL: smtp.url, MAIL_FROM: 'Sealpost <sealpost@sealpost.example>' });
  return {
    web,
    smtp,
    refused,
    async close() {
      await web.close();
      await smtp.close();
    },
  };
}

function totp(secret: string): TOTP {
  return new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
}

/** A code for the current time step, or `stepsBack` steps earlier (still accepted: ±1 step). */
export function totpNow(secret: string, stepsBack = 0): string {
  return totp(secret).generate({ timestamp: Date.now() - stepsBack * 30_000 });
}

const tokenOf = (link: string) => link.slice(link.lastIndexOf('/') + 1);

/**
 * Accepts an invitation and enrols TOTP through `request` (a browser context's or a fresh one). The enrolment is
 * confirmed with the previous step's code so the current step is still unused for the sign-in that follows.
 */
export async function enrol(context: BrowserContext, url: string, invitationUrl: string): Promise<{ email: string; secret: string }> {
  const accepted = await context.request.post(`${url}/api/invitations/accept`, { data: { token: tokenOf(invitationUrl), password: PASSWORD } });
  expect(accepted.status(), await accepted.text()).toBe(201);
  const { csrfToken, email } = (await accepted.json()) as { csrfToken: string; email: string };
  const headers = { 'x-sealpost-csrf': csrfToken, origin: url };
  const setup = await context.request.post(`${url}/api/account/totp/setup`, { headers });
  expect(setup.status(), await setup.text()).toBe(200);
  const { secret } = (await setup.json()) as { secret: string };
  const confirmed = await context.request.post(`${url}/api/account/totp/confirm`, { headers, data: { code: totpNow(secret, 1) } });
  expect(confirmed.status(), await confirmed.text()).toBe(200);
  return { email, secret };
}

/** Signs in through the API (password + a real TOTP code); the session cookie lands in the page's context. */
export async function signInStaff(page: Page, url: string, email: string, secret: string): Promise<void> {
  const res = await page.request.post(`${url}/api/account/sign-in`, { data: { email, password: PASSWORD, totp: totpNow(secret) } });
  expect(res.status(), await res.text()).toBe(200);
}

/** A new organisation; its admin is enrolled and signed in in `page`'s context. */
export async function orgWithAdmin(world: AdminWorld, page: Page, name: string, domain: string): Promise<{ email: string; secret: string; csrf: () => Promise<string> }> {
  const runtime = world.web.runtime;
  const accounts = { repos: runtime.repos, clock: { now: () => new Date() }, secrets: runtime.transfers.secrets, policy: defaultAccountPolicy, publicUrl: world.web.url };
  const created = await createOrganisation(accounts, { name, domains: [domain], adminEmail: `admin@${domain}` }, null);
  const admin = await enrol(page.context(), world.web.url, created.invitationUrl);
  await signInStaff(page, world.web.url, admin.email, admin.secret);
  const csrf = async () => ((await (await page.request.get(`${world.web.url}/api/account/me`)).json()) as { csrfToken: string }).csrfToken;
  return { ...admin, csrf };
}
