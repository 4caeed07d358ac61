// /cli/approve in Debian's Chromium against a real server: a staff member signed in in the browser types the code a
// command line shows, sees which computer asks, and approves (the CLI's poll then gets its token) or denies; a wrong
// code is refused; a browser without a session is told to sign in; German; accessible (axe) and phone width.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAccountPolicy } from '../../src/core/accounts/context.ts';
import { createOrganisation } from '../../src/core/accounts/organisations.ts';
import { totpCode } from '../../src/crypto/totp.ts';
import type { Page } from 'playwright-core';
import { screenshotBoth, seriousViolations, startWebWorld, type WebWorld } from './sender-support/harness.ts';

const PASSWORD = 'a long and unusual passphrase 7';
let world: WebWorld;
let email: string;
let recoveryCodes: string[];

beforeAll(async () => {
  world = await startWebWorld();
  const { runtime, url } = world;
  const accounts = { repos: runtime.repos, clock: { now: () => new Date() }, secrets: runtime.transfers.secrets, policy: defaultAccountPolicy, publicUrl: url };
  const org = await createOrganisation(accounts, { name: 'Praxis Web', domains: ['praxis-web.example'], adminEmail: 'anna@praxis-web.example' }, null);
  email = 'anna@praxis-web.example';
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const accepted = await post('/api/invitations/accept', { token: org.invitationUrl.slice(org.invitationUrl.lastIndexOf('/') + 1), password: PASSWORD });
  const as = { cookie: (accepted.headers.get('set-cookie') ?? '').split(';')[0] ?? '', 'x-sealpost-csrf': ((await accepted.json()) as { csrfToken: string }).csrfToken, 'sec-fetch-site': 'same-origin' };
  const { secret } = (await (await post('/api/account/totp/setup', {}, as)).json()) as { secret: string };
  recoveryCodes = ((await (await post('/api/account/totp/confirm', { code: totpCode(secret, new Date()) }, as)).json()) as { recoveryCodes: string[] }).recoveryCodes;
}, 180_000);
afterAll(async () => {
  await world?.close();
});

/** Signs in inside the page, as the sign-in page will: the browser itself keeps the __Host- cookie. */
async function signInInBrowser(page: Page, recoveryCode: string): Promise<void> {
  await page.goto(`${world.url}/cli/approve`);
  const status = await page.evaluate(async ([address, password, code]) => {
    const res = await fetch('/api/account/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: address, password, recoveryCode: code }) });
    return res.status;
  }, [email, PASSWORD, recoveryCode] as const);
  expect(status).toBe(200);
}

async function startCli(clientName: string): Promise<{ deviceCode: string; userCode: string }> {
  const res = await fetch(`${world.url}/api/cli/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clientName }) });
  return (await res.json()) as { deviceCode: string; userCode: string };
}

const poll = async (deviceCode: string) =>
  (await fetch(`${world.url}/api/cli/sign-in/poll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ deviceCode }) })).json() as Promise<Record<string, unknown>>;

describe('CLI sign-in approval page', () => {
  it('approves the code typed from the terminal; the CLI then gets its token; a wrong code is refused; deny works', async () => {
    const { page, problems } = await world.newPage();
    await signInInBrowser(page, recoveryCodes[0] ?? '');
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in the command line' }).isVisible()).toBe(true);
    const flow = await startCli('build-server');

    const codeField = page.getByLabel('Code from your terminal');
    await expect.poll(() => codeField.isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await codeField.fill('BBBB-CCCC');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByRole('alert').innerText().catch(() => '')).toContain('No sign-in is waiting for this code');

    // Typed as a person might: lower case, no dash.
    await codeField.fill(flow.userCode.toLowerCase().replace('-', ''));
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.locator("main").innerText()).toContain(`The command line on "build-server" asks to sign in as ${email}.`);
    await expect.poll(() => page.getByText(`Does your terminal show the code ${flow.userCode}?`).isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await screenshotBoth(page, 'cli-approve')).toEqual({ phone: 0, zoom200: 0 });
    expect(await poll(flow.deviceCode)).toEqual({ status: 'pending' });
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => page.getByRole('status').innerText().catch(() => '')).toContain('Approved. The command line on "build-server" is signed in');
    const approved = await poll(flow.deviceCode);
    expect(approved).toMatchObject({ status: 'approved', name: 'CLI on build-server', email });
    expect(String(approved.token)).toMatch(/^sppat_/);

    await page.reload();
    const denied = await startCli('unknown-laptop');
    await page.getByLabel('Code from your terminal').fill(denied.userCode);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Deny' }).click();
    await expect.poll(() => page.getByRole('status').innerText().catch(() => '')).toContain('Denied.');
    expect(await poll(denied.deviceCode)).toMatchObject({ error: { code: 'SP_ERR_FORBIDDEN' } });
    expect(problems).toEqual([]);
  });

  it('asks for the password when the last confirmation is older than 10 minutes; a wrong one is refused', async () => {
    const { page, problems } = await world.newPage();
    await signInInBrowser(page, recoveryCodes[1] ?? '');
    // The session was confirmed 20 minutes ago (as if signed in then).
    const old = new Date(Date.now() - 20 * 60_000).toISOString();
    await world.runtime.db.kysely.updateTable('staffSessions').set({ reauthenticatedAt: old }).execute();
    await page.reload();
    const flow = await startCli('laptop');
    await page.getByLabel('Code from your terminal').fill(flow.userCode);
    await page.getByRole('button', { name: 'Continue' }).click();
    const password = page.getByLabel('Your password, to confirm');
    await expect.poll(() => password.isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await password.fill('not my password at all');
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => page.getByRole('alert').innerText().catch(() => '')).toContain('That password is not correct.');
    expect(await poll(flow.deviceCode)).toEqual({ status: 'pending' });
    await password.fill(PASSWORD);
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => page.getByRole('status').innerText().catch(() => '')).toContain('Approved.');
    expect(await poll(flow.deviceCode)).toMatchObject({ status: 'approved', name: 'CLI on laptop' });
    expect(problems).toEqual([]);
  });

  it('tells a browser without a session to sign in first, in German', async () => {
    const { page, problems } = await world.newPage({ locale: 'de-DE' });
    await page.goto(`${world.url}/cli/approve`);
    await expect.poll(() => page.getByRole('heading', { name: 'Kommandozeile anmelden' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText('Sie sind in diesem Browser nicht bei Sealpost angemeldet.', { exact: false }).isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
