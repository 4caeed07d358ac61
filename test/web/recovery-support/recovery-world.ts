// Steps of the key-recovery story in Debian's Chromium (test/web/key-recovery.test.ts): the console world (real server,
// real SMTP), a staff member signing in on /sign-in and accepting a new invitation on /invitation (the real pages make,
// wrap and escrow the key), sending a message from compose, and the admin's calls made from the admin's own context.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { Authenticator } from '../account-support/staff-world.ts';
import { PASSWORD, totpNow, type AdminWorld } from '../admin-support/admin-world.ts';

export interface KeyRecoveryState {
  policy: null | 'loss' | 'org-key';
  recoveryPublicKey: string | null;
  staff: number;
  escrowed: number;
  awaitingRestore: number;
}

export interface ArchivedKeys {
  currentPublicKey: string | null;
  keys: Array<{ id: string; publicKey: string; escrow: string; escrowRecipient: string; restored: boolean }>;
}

/** The admin's API, from the admin page's own context (session cookie, CSRF token from /me). */
export function adminApi(world: AdminWorld, page: Page) {
  const url = world.web.url;
  const headers = async () => ({ 'x-sealpost-csrf': ((await (await page.request.get(`${url}/api/account/me`)).json()) as { csrfToken: string }).csrfToken, origin: url });
  const json = async <T>(response: Awaited<ReturnType<Page['request']['get']>>, status = 200): Promise<T> => {
    expect(response.status(), await response.text()).toBe(status);
    return (await response.json()) as T;
  };
  return {
    keyRecovery: async () => json<KeyRecoveryState>(await page.request.get(`${url}/api/org/key-recovery`)),
    archivedKeys: async (userId: string) => json<ArchivedKeys>(await page.request.get(`${url}/api/org/users/${userId}/archived-keys`)),
    userId: async (email: string) => {
      const { items } = await json<{ items: Array<{ id: string; email: string }> }>(await page.request.get(`${url}/api/org/users`));
      const user = items.find((u) => u.email === email);
      if (!user) throw new Error(`no user ${email}`);
      return user.id;
    },
    invite: async (email: string) => (await json<{ invitationUrl: string }>(await page.request.post(`${url}/api/org/users`, { headers: await headers(), data: { email } }), 201)).invitationUrl,
    resetFactor: async (userId: string) => (await json<{ invitationUrl: string }>(await page.request.post(`${url}/api/org/users/${userId}/reset-factor`, { headers: await headers() }))).invitationUrl,
  };
}

/** Signs in on /sign-in (password + the current TOTP step); the page unlocks or makes the key and lands on /send. */
export async function signInOnPage(page: Page, url: string, email: string, secret: string): Promise<number> {
  await page.goto(`${url}/sign-in`);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('6-digit code from your authenticator app').fill(totpNow(secret));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'New secure message' }).waitFor({ timeout: 60_000 });
  return Math.floor(Date.now() / 30_000);
}

/**
 * Accepts an invitation on /invitation as a person does: password, TOTP from the shown secret, recovery codes saved,
 * then the page makes the new personal key (wrapped under the password and the ten codes, escrowed where required).
 */
export async function acceptOnPage(page: Page, link: string, afterStep: number): Promise<void> {
  await page.goto(link);
  await page.getByLabel('New password').fill(PASSWORD);
  await page.getByLabel('Repeat the password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Set password' }).click();
  await page.getByRole('heading', { name: 'Set up your authenticator app' }).waitFor();
  const authenticator = new Authenticator(await page.locator('.totp-secret').innerText(), afterStep);
  await page.getByLabel('6-digit code from the app').fill(await authenticator.nextCode());
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
  await page.getByLabel('I have stored these codes safely').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name: 'Your account is ready' }).waitFor({ timeout: 180_000 });
}

/** Sends one message from compose (access-code recipient, text, one file); returns the sent item's id. */
export async function sendMessage(page: Page, m: { to: string; subject: string; text: string; file: string }): Promise<string> {
  await page.getByLabel('Recipients', { exact: true }).fill(m.to);
  await page.getByLabel('Recipients', { exact: true }).press('Enter');
  await page.locator('summary', { hasText: m.to }).click();
  await page.getByRole('radio', { name: 'Access code' }).check();
  await page.getByRole('textbox', { name: 'Access code' }).fill('correct horse battery');
  await page.getByLabel('Subject', { exact: true }).fill(m.subject);
  await page.getByLabel('Message', { exact: true }).fill(m.text);
  await page.locator('input[type=file]').setInputFiles(m.file);
  await page.getByRole('button', { name: 'Check and send' }).click();
  await page.getByRole('button', { name: 'Encrypt and send' }).click();
  await page.getByRole('heading', { name: 'Message sent' }).waitFor({ timeout: 60_000 });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sent items' }).click();
  const href = await page.getByRole('link', { name: m.subject }).getAttribute('href');
  const id = /^\/sent\/([A-Za-z0-9_-]+)$/.exec(href ?? '')?.[1];
  if (!id) throw new Error(`no sent item link: ${href}`);
  return id;
}

/** Opens a page of the sender section after a full load: the key lives in memory only, so the password unlocks it. */
export async function openUnlocked(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('heading', { name: 'Unlock your personal key' }).waitFor();
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('heading', { name: 'Unlock your personal key' }).waitFor({ state: 'detached', timeout: 30_000 });
}
