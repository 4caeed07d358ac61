// Single sign-on in Debian's Chromium against a real server and a real OpenID provider (oidc-provider on a loopback
// port, configured through the operator CLI): /sign-in/sso → the provider's login page → back signed in → choose a
// key password → ten recovery codes → the compose page; a later sign-in unlocks the key with the key password.
// Then "Confirm it is you" through the provider (prompt=login) and signing out there too (RP-initiated logout).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { startTestProvider, type TestProvider } from '../sso-support/oidc-test-provider.ts';
import { screenshotBoth, seriousViolations, startWebWorld, type WebWorld } from './sender-support/harness.ts';

let world: WebWorld;
let idp: TestProvider;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'sp-web-sso-'));
const KEY_PASSWORD = 'lantern orchard velvet 1987';
const slow = { timeout: 180_000 };

async function operator(args: string[]): Promise<string> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough().on('data', (c: Buffer) => out.push(c));
  const stderr = new PassThrough().on('data', (c: Buffer) => err.push(c));
  const code = await runCli(args, { stdin: new PassThrough(), stdout, stderr, env: { DATA_DIR: world.dataDir, PUBLIC_URL: world.url }, cwd: world.dataDir });
  if (code !== 0) throw new Error(`sealpost ${args.join(' ')} failed: ${Buffer.concat(err).toString('utf8')}`);
  return Buffer.concat(out).toString('utf8');
}

beforeAll(async () => {
  world = await startWebWorld();
  idp = await startTestProvider({
    redirectUri: `${world.url}/sso/callback`,
    accounts: { anna: { sub: 'sub-anna', email: 'anna@kliniek.example', emailVerified: true, mfa: true } },
  });
  await operator(['admin', 'create-org', '--name', 'Kliniek', '--domain', 'kliniek.example', '--admin', 'beheer@kliniek.example']);
  const secretFile = path.join(tmp, 'client-secret');
  writeFileSync(secretFile, idp.clientSecret);
  await operator(['admin', 'org-sso', '--org', 'kliniek.example', '--issuer', idp.issuer, '--client-id', idp.clientId, '--client-secret-file', secretFile]);
}, 180_000);
afterAll(async () => {
  await world?.close();
  await idp?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Anna, whose key password is set (first test), signs in at the provider and unlocks her key: on to compose. */
async function signInAndUnlock(page: Page): Promise<void> {
  await page.goto(`${world.url}/sign-in/sso`);
  await page.getByLabel('Work e-mail address').fill('anna@kliniek.example');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((url) => url.href.startsWith(idp.issuer));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${world.url}/account/key-password`);
  await page.getByLabel('Key password').fill(KEY_PASSWORD);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.waitForURL(`${world.url}/send`);
}

describe('single sign-on pages', () => {
  it('signs in at the provider, sets a key password, shows recovery codes, reaches the compose page; later unlocks with the key password', async () => {
    const { page, problems, context } = await world.newPage();
    await page.goto(`${world.url}/sign-in/sso?sso=unavailable`);
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in with your organisation' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('Single sign-on is not available for this address');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await screenshotBoth(page, 'sso-sign-in')).toEqual({ phone: 0, zoom200: 0 });

    await page.getByLabel('Work e-mail address').fill('anna@kliniek.example');
    await page.getByRole('button', { name: 'Continue' }).click();
    // The provider's own login page (another origin).
    await page.waitForURL((url) => url.href.startsWith(idp.issuer));
    await page.getByLabel('Account').selectOption('anna');
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.waitForURL(`${world.url}/account/key-password`);
    await expect.poll(() => page.getByLabel('Repeat the key password').isVisible(), slow).toBe(true);
    const cookies = await context.cookies(world.url);
    expect(cookies.find((c) => c.name === '__Host-sealpost')).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    expect(await seriousViolations(page)).toEqual([]);
    expect(await screenshotBoth(page, 'sso-key-password-setup')).toEqual({ phone: 0, zoom200: 0 });
    // The policy of account passwords, checked on the device (the key password never leaves it).
    await page.getByLabel('Key password', { exact: true }).fill('password123456');
    await page.getByLabel('Repeat the key password').fill('password123456');
    await page.getByRole('button', { name: 'Create my key' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('too common');
    await page.getByLabel('Key password', { exact: true }).fill(KEY_PASSWORD);
    await page.getByLabel('Repeat the key password').fill(KEY_PASSWORD);
    await page.getByRole('button', { name: 'Create my key' }).click();

    await expect.poll(() => page.getByRole('heading', { name: 'Your recovery codes' }).isVisible(), slow).toBe(true);
    const codes = await page.locator('.recovery-codes code').allInnerTexts();
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await screenshotBoth(page, 'sso-recovery-codes')).toEqual({ phone: 0, zoom200: 0 });
    // Stored wrapped only: the server has the public half and the wraps, never the identity.
    const stored = await page.evaluate(async () => (await fetch('/api/account/personal-key', { credentials: 'same-origin' })).json() as Promise<{ publicKey: string; wrappedByPassword: string; wrappedByRecovery: string[] }>);
    expect(stored.publicKey).toMatch(/^age1/);
    expect(stored.wrappedByRecovery).toHaveLength(10);
    expect(JSON.stringify(stored)).not.toMatch(/AGE-SECRET-KEY/);

    await page.getByRole('button', { name: 'I have stored my recovery codes' }).click();
    // On to compose as the staff member, with the key just made (no e-mail code, no unlock form).
    await page.waitForURL(`${world.url}/send`);
    await expect.poll(() => page.getByRole('heading', { name: 'New secure message' }).isVisible(), slow).toBe(true);
    // /account links the key-password page for a session started with single sign-on.
    await page.getByRole('link', { name: 'Account' }).click();
    expect(await page.getByRole('link', { name: 'Your key password' }).getAttribute('href')).toBe('/account/key-password');

    // A later sign-in (new browser profile): the key password unlocks the key; a wrong one is refused.
    const later = await world.newPage();
    await later.page.goto(`${world.url}/sign-in/sso`);
    await later.page.getByLabel('Work e-mail address').fill('anna@kliniek.example');
    await later.page.getByRole('button', { name: 'Continue' }).click();
    await later.page.waitForURL((url) => url.href.startsWith(idp.issuer));
    await later.page.getByRole('button', { name: 'Sign in' }).click();
    await later.page.waitForURL(`${world.url}/account/key-password`);
    await expect.poll(() => later.page.getByRole('button', { name: 'Unlock' }).isVisible(), slow).toBe(true);
    expect(await seriousViolations(later.page)).toEqual([]);
    await later.page.getByLabel('Key password').fill('not the key password');
    await later.page.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => later.page.getByRole('alert').innerText().catch(() => ''), slow).toContain('not correct');
    await later.page.getByLabel('Key password').fill(KEY_PASSWORD);
    await later.page.getByRole('button', { name: 'Unlock' }).click();
    await later.page.waitForURL(`${world.url}/send`);
    await expect.poll(() => later.page.getByRole('heading', { name: 'New secure message' }).isVisible(), slow).toBe(true);

    expect(problems).toEqual([]);
    expect(later.problems).toEqual([]);
    await later.context.close();
    await context.close();
  }, 600_000);

  it('confirms it is you at the provider (asked to sign in again despite its session), then new recovery codes; signing out ends the provider session too', async () => {
    const { page, problems, context } = await world.newPage();
    await signInAndUnlock(page);

    // The sign-in was more than 10 minutes ago (moved back in the database).
    const old = new Date(Date.now() - 11 * 60_000).toISOString();
    await world.runtime.db.kysely.updateTable('staffSessions').set({ reauthenticatedAt: old }).execute();
    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('button', { name: 'Create new recovery codes' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
    const atProvider = dialog.getByRole('button', { name: 'Sign in again at your organisation' });
    await atProvider.waitFor();
    // Anna has no Sealpost password and no authenticator app: the provider is her only way.
    expect(await dialog.getByLabel('Password').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await screenshotBoth(page, 'sso-reauth-dialog')).toEqual({ phone: 0, zoom200: 0 });
    await atProvider.click();
    // The provider has a session for Anna in this browser, yet asks her to sign in again (prompt=login).
    await page.waitForURL((url) => url.href.startsWith(idp.issuer));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${world.url}/account`);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'You have confirmed it is you' }).isVisible(), slow).toBe(true);
    expect(new URL(page.url()).search).toBe('');
    expect(await seriousViolations(page)).toEqual([]);

    // Back from another site the page's memory is new: unlock the key, then the change goes ahead without a second trip.
    await page.getByLabel('Password').fill(KEY_PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('button', { name: 'Create new recovery codes' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Your recovery codes' }).isVisible(), slow).toBe(true);
    await page.getByLabel('I have stored these codes safely').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('Your personal key is now locked under the new recovery codes too.').waitFor({ timeout: 300_000 });
    const user = (await world.runtime.repos.users.findByEmail('anna@kliniek.example'))[0];
    await world.runtime.repos.audit.sealPending();
    const confirmations = await world.runtime.db.kysely.selectFrom('auditLog').select('body').where('action', '=', 'account.reauthenticated').execute();
    expect(confirmations.map((r) => JSON.parse(r.body) as { details: { userId: string; factor: string } }).some((e) => e.details.userId === user?.id && e.details.factor === 'sso')).toBe(true);

    // A refused confirmation says so on the page it came back to.
    await page.goto(`${world.url}/account?reauth=failed`);
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'did not succeed' }).isVisible(), slow).toBe(true);

    // Signing out goes on to the provider's logout page, which sends the browser back to say so.
    const before = (await world.runtime.repos.staffSessions.listForUser(user?.id ?? '')).length;
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL((url) => url.href.startsWith(idp.issuer));
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(`${world.url}/sign-in/sso?sso=signedOut`);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'You are signed out.' }).isVisible(), slow).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    // This session ended here (the first test's other browsers keep theirs).
    expect(await world.runtime.repos.staffSessions.listForUser(user?.id ?? '')).toHaveLength(before - 1);
    // The provider's session is gone too: signing in again shows its login page.
    await page.getByLabel('Work e-mail address').fill('anna@kliniek.example');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((url) => url.href.startsWith(idp.issuer));
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  }, 600_000);
  it('approves a command-line sign-in after confirming at the provider, for a user with no Sealpost password', async () => {
    const { page, problems, context } = await world.newPage();
    await signInAndUnlock(page);
    await world.runtime.db.kysely.updateTable('staffSessions').set({ reauthenticatedAt: new Date(Date.now() - 11 * 60_000).toISOString() }).execute();

    const cli = async (url: string, body: unknown) => (await fetch(`${world.url}${url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<Record<string, unknown>>;
    const flow = await cli('/api/cli/sign-in', { clientName: 'ward-laptop' }) as { deviceCode: string; userCode: string };
    const typeCode = async () => {
      await page.getByLabel('Code from your terminal').fill(flow.userCode);
      await page.getByRole('button', { name: 'Continue', exact: true }).click();
    };
    await page.goto(`${world.url}/cli/approve`);
    await typeCode();
    const atProvider = page.getByRole('button', { name: 'Sign in again at your organisation' });
    await atProvider.waitFor();
    // Anna has no Sealpost password: only the provider can confirm it is her.
    expect(await page.getByLabel('Your password, to confirm').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await atProvider.click();
    await page.waitForURL((url) => url.href.startsWith(idp.issuer));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${world.url}/cli/approve`);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'You have confirmed it is you' }).isVisible(), slow).toBe(true);
    await typeCode();
    expect(await cli('/api/cli/sign-in/poll', { deviceCode: flow.deviceCode })).toEqual({ status: 'pending' });
    await page.getByRole('button', { name: 'Approve' }).click();
    // The provider's notice stays on this page, so the outcome is found by its text.
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Approved.' }).isVisible(), slow).toBe(true);
    expect(await cli('/api/cli/sign-in/poll', { deviceCode: flow.deviceCode })).toMatchObject({ status: 'approved', email: 'anna@kliniek.example' });
    expect(problems).toEqual([]);
    await context.close();
  }, 600_000);
});
