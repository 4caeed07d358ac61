// The SMS second-factor pages in Debian's Chromium against a real server (SQLite, dev mailbox catching the SMS):
// a staff member enrols a number on /account/sms with the code from the SMS, signs out, and signs in on
// /sign-in/sms with password + SMS code. Both pages say SMS is the weaker option and link to the stronger ones;
// axe finds nothing serious; nothing overflows at phone width; the German page is German.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { defaultAccountPolicy } from '../../src/core/accounts/context.ts';
import { createOrganisation } from '../../src/core/accounts/organisations.ts';
import { totpCode } from '../../src/crypto/totp.ts';
import { createManualClock } from '../db/manual-clock.ts';
import { codeIn, screenshotBoth, seriousViolations, startWebWorld, type WebWorld } from './sender-support/harness.ts';

const PASSWORD = 'correct horse battery staple 42';
const EMAIL = 'anna@praxis.example';
const clock = createManualClock(new Date());
let world: WebWorld;
let totpSecret: string;

/** The org (SMS allowed) and its admin, set up over the API as the invitation and TOTP pages would. */
async function setUpStaff(): Promise<void> {
  const { runtime } = world;
  const accounts = { repos: runtime.repos, clock, secrets: runtime.transfers.secrets, policy: defaultAccountPolicy, publicUrl: world.url };
  const { invitationUrl } = await createOrganisation(accounts, { name: 'Praxis', domains: ['praxis.example'], adminEmail: EMAIL }, null);
  const post = (path: string, body: unknown, headers: Record<string, string> = {}, method = 'POST') =>
    fetch(`${world.url}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const accepted = await post('/api/invitations/accept', { token: invitationUrl.slice(invitationUrl.lastIndexOf('/') + 1), password: PASSWORD });
  expect(accepted.status).toBe(201);
  const as = { cookie: (accepted.headers.get('set-cookie') ?? '').split(';')[0] ?? '', 'x-sealpost-csrf': ((await accepted.json()) as { csrfToken: string }).csrfToken };
  const setup = await fetch(`${world.url}/api/account/totp/setup`, { method: 'POST', headers: as });
  totpSecret = ((await setup.json()) as { secret: string }).secret;
  expect((await post('/api/account/totp/confirm', { code: totpCode(totpSecret, clock.now()) }, as)).status).toBe(200);
  expect((await post('/api/org/settings', { smsFactorAllowed: true }, as, 'PATCH')).status).toBe(200);
  clock.advance(30_000);
}

/** Signs in with password + TOTP from the page itself (the /sign-in page belongs to another part of the app). */
async function signInWithTotp(page: Page): Promise<void> {
  await page.goto(`${world.url}/account/sms`);
  const status = await page.evaluate(async (body) => (await fetch('/api/account/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status,
    { email: EMAIL, password: PASSWORD, totp: totpCode(totpSecret, clock.now()) });
  expect(status).toBe(200);
  clock.advance(30_000);
}

async function nextSmsCode(to: string, seen: Set<string>): Promise<string> {
  let text = '';
  await expect.poll(async () => {
    const sms = (await world.mailbox()).find((m) => m.kind === 'sms' && m.sms?.to === to && !seen.has(m.id));
    text = sms?.sms?.text ?? '';
    return text;
  }, { timeout: 20_000 }).toMatch(/\d{6}/);
  return codeIn(text);
}
const seenIds = async () => new Set((await world.mailbox()).map((m) => m.id));

beforeAll(async () => {
  world = await startWebWorld({ SMS_DEFAULT_COUNTRY: 'NL' }, { clock });
  await setUpStaff();
}, 180_000);
afterAll(async () => {
  await world?.close();
});

describe('SMS second-factor pages', () => {
  it('enrols a number on /account/sms with the code from the SMS, signs out, and signs in on /sign-in/sms', async () => {
    const { page, problems, context } = await world.newPage();
    await signInWithTotp(page);
    await page.goto(`${world.url}/account/sms`);
    await page.getByRole('heading', { name: 'SMS codes' }).waitFor();
    await expect.poll(() => page.getByText('You have not added a phone number for SMS codes yet.').isVisible()).toBe(true);
    expect(await page.getByText(/SMS is the weaker option/).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Set up the authenticator app or a passkey' }).getAttribute('href')).toBe('/account');
    expect(await seriousViolations(page)).toEqual([]);

    let seen = await seenIds();
    await page.getByLabel('Mobile phone number').fill('06 12345678');
    await page.getByRole('button', { name: 'Send confirmation code' }).click();
    await page.getByText(/A code was sent to \+31 6/).waitFor();
    const enrolCode = await nextSmsCode('+31612345678', seen);
    // The code field has focus: type straight into it.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('autocomplete'))).toBe('one-time-code');
    await page.keyboard.type(enrolCode);
    await page.keyboard.press('Enter');
    await page.getByText('Your number is confirmed. You can now sign in with an SMS code.').waitFor();
    expect(await page.getByText(/SMS codes are sent to \+31 6 .* 78\./).isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await screenshotBoth(page, 'sms-account')).toEqual({ phone: 0, zoom200: 0 });

    // /account links here (the organisation allows SMS).
    await page.goto(`${world.url}/account`);
    await page.getByRole('link', { name: 'SMS codes' }).click();
    await page.getByText(/SMS codes are sent to \+31 6/).waitFor();

    // Sign out elsewhere; the next page load says the session ended, on the sign-in page.
    const signedOut = await page.evaluate(async () => {
      const me = (await (await fetch('/api/account/me')).json()) as { csrfToken: string };
      return (await fetch('/api/account/sign-out', { method: 'POST', headers: { 'x-sealpost-csrf': me.csrfToken, 'content-type': 'application/json' }, body: '{}' })).status;
    });
    expect(signedOut).toBe(204);
    await page.goto(`${world.url}/account/sms`);
    await page.getByText('Your session ended. Please sign in again.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');

    // Sign in with password + SMS code (a minute later: one SMS per number per minute).
    clock.advance(61_000);
    await page.goto(`${world.url}/sign-in/sms`);
    await page.getByRole('heading', { name: 'Sign in with an SMS code' }).waitFor();
    expect(await page.getByRole('link', { name: 'Sign in with the authenticator app or a passkey instead' }).getAttribute('href')).toBe('/sign-in');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('E-mail address').fill(EMAIL);
    await page.getByLabel('Password').fill('not the password 123');
    await page.getByRole('button', { name: 'Send code by SMS' }).click();
    await page.getByRole('alert').filter({ hasText: 'password or code is not correct' }).waitFor();
    seen = await seenIds();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Send code by SMS' }).click();
    await page.getByText(/A code was sent by SMS to \+31 6 .* 78\. It is valid for 5 minutes\./).waitFor();
    const signInCode = await nextSmsCode('+31612345678', seen);
    await page.getByLabel('Code from the SMS').fill(signInCode === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'not correct' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(await screenshotBoth(page, 'sms-sign-in')).toEqual({ phone: 0, zoom200: 0 });
    await page.getByLabel('Code from the SMS').fill(signInCode);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Like every sign-in: on to compose as the staff member, the key unlocked by the password typed above.
    await page.getByRole('heading', { name: 'New secure message' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/send');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('asks a session still enrolling its authenticator app to set that up first', async () => {
    const { runtime } = world;
    const accounts = { repos: runtime.repos, clock, secrets: runtime.transfers.secrets, policy: defaultAccountPolicy, publicUrl: world.url };
    const { invitationUrl } = await createOrganisation(accounts, { name: 'Kanzlei', domains: ['kanzlei.example'], adminEmail: 'ben@kanzlei.example' }, null);
    const { page, problems, context } = await world.newPage();
    await page.goto(`${world.url}/sign-in/sms`);
    const status = await page.evaluate(async (body) => (await fetch('/api/invitations/accept', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status,
      { token: invitationUrl.slice(invitationUrl.lastIndexOf('/') + 1), password: PASSWORD });
    expect(status).toBe(201);
    await page.goto(`${world.url}/account/sms`);
    await page.getByText('Set up the authenticator app first; SMS codes can only be added next to it.').waitFor();
    expect(await page.getByLabel('Mobile phone number').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('speaks German and Dutch, and says SMS is the weaker option there too', async () => {
    for (const [locale, heading, weaker] of [['de-DE', 'Mit SMS-Code anmelden', /SMS ist die schwächere Möglichkeit/], ['nl-NL', 'Inloggen met een sms-code', /Sms is de zwakkere optie/]] as const) {
      const { page, problems, context } = await world.newPage({ locale });
      await page.goto(`${world.url}/sign-in/sms`);
      await page.getByRole('heading', { name: heading }).waitFor();
      expect(await page.getByText(weaker).isVisible()).toBe(true);
      expect(await page.title()).toContain(heading);
      expect(await seriousViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    }
  });
});
