// Workplace agreements in Debian's Chromium against a real server: the admin console's agreements page shows every
// setting with its effective value and source, saves a narrowing (audited), refuses a widening with a sentence, and
// returns a setting to the installation default; axe and phone width; by keyboard. Compose then offers a staff member
// of that organisation only the methods, expiry and file-name choice the agreements leave.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAccountPolicy } from '../../src/core/accounts/context.ts';
import type { OrgAgreements } from '../../src/core/agreements/model.ts';
import { createOrganisation } from '../../src/core/accounts/organisations.ts';
import { saveOrgRuleSet } from '../../src/core/dlp/org-rules.ts';
import { ARGON2_MIN, generatePersonalKey, toBase64Url } from '../../src/crypto/index.ts';
import { enrol, orgWithAdmin, PASSWORD, signInStaff, startAdminWorld, type AdminWorld } from './admin-support/admin-world.ts';
import { screenshotBoth, seriousViolations } from './sender-support/harness.ts';

let world: AdminWorld;

beforeAll(async () => {
  world = await startAdminWorld();
}, 180_000);
afterAll(async () => {
  await world?.close();
});

const sourceOf = (page: Page, legend: string) => page.locator('fieldset.agreement', { has: page.locator('legend', { hasText: legend }) }).locator('p.hint');

describe('workplace agreements page', () => {
  it('shows each setting with its source, saves a narrowing, refuses a widening, and returns a setting to the default', async () => {
    const { page, problems, context } = await world.web.newPage();
    const admin = await orgWithAdmin(world, page, 'Praxis Regel', 'regel.example');
    await page.goto(`${world.web.url}/admin/settings`);
    await page.getByRole('navigation', { name: 'Organisation console' }).getByRole('link', { name: 'Workplace agreements' }).click();
    await page.getByRole('heading', { name: 'Workplace agreements', level: 1 }).waitFor();
    // 16 agreements of issue 12, the five of the mail gateway (issue 14) and the add-in's sending mode (issue 15).
    expect(await page.locator('fieldset.agreement').count()).toBe(22);
    expect(await page.getByText('Installation default.').count()).toBe(22);
    expect(await page.getByLabel('Attachments larger than this leave encrypted e-mails as download links (MiB, 0 = never)').inputValue()).toBe('20');
    await page.getByText(/^In use now: 0 .+ in 0 files of drafts and live messages\.$/).waitFor();
    // Logo and support contact: listed as notification defaults, edited where they live (one copy of the data).
    const defaults = page.getByRole('region', { name: 'Notification defaults' });
    await defaults.getByText('Not set').first().waitFor();
    expect(await defaults.getByText('Not set').count()).toBe(2);
    expect(await defaults.getByRole('link', { name: 'Edit logo and support contact in the organisation settings' }).getAttribute('href')).toBe('/admin/settings');
    for (const m of ['SMS code', 'Access code', 'E-mail code (weakest)', 'No verification']) expect(await page.getByRole('checkbox', { name: m, exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel('Longest expiry a sender may choose (days)').inputValue()).toBe('30');
    const addinGateway = page.getByRole('radio', { name: /^Outlook sends it through Exchange to the Sealpost mail gateway/ });
    const addinEndToEnd = page.getByRole('radio', { name: /^The add-in encrypts it on the device and uploads it/ });
    expect(await addinGateway.isChecked()).toBe(true);
    await checkPage(page, 'agreements', problems);

    // Longer than the installation allows: refused with a sentence, nothing saved.
    await page.getByLabel('Longest expiry a sender may choose (days)').fill('45');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').getByText('The longest expiry cannot exceed the installation’s maximum').waitFor();

    // Audit entries below the legal floor: refused with a sentence.
    await page.getByLabel('Longest expiry a sender may choose (days)').fill('30');
    await page.getByLabel('Delete audit entries older than (days, 0 = keep; at least 180)').fill('90');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').getByText('Audit entries must be kept at least 180 days').waitFor();
    await page.getByLabel('Delete audit entries older than (days, 0 = keep; at least 180)').fill('0');

    await page.getByLabel('Longest expiry a sender may choose (days)').fill('10');
    await page.getByLabel('Default expiry (days)').fill('4');
    await page.getByRole('checkbox', { name: 'E-mail code (weakest)' }).uncheck();
    await page.getByRole('checkbox', { name: 'No verification' }).uncheck();
    await page.getByLabel('Default verification method').selectOption({ label: 'Access code' });
    await page.getByRole('radio', { name: 'External recipients only (colleagues get ordinary mail)' }).check();
    await page.getByLabel('Delete messages no recipient opened after (days, 0 = never)').fill('30');
    await page.getByLabel('Always send securely to these recipient domains', { exact: false }).fill('Klinik.example\nlab.example');
    await addinEndToEnd.check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Agreements saved.').waitFor();
    await expect.poll(() => sourceOf(page, 'Allowed verification methods').innerText()).toContain('Set by your organisation.');
    expect(await sourceOf(page, 'Secure mail is for').innerText()).toContain('Set by your organisation.');
    expect(await sourceOf(page, 'Default language of notifications').innerText()).toContain('Installation default.');
    expect(await page.getByRole('checkbox', { name: 'E-mail code (weakest)' }).isChecked()).toBe(false);

    // After a reload the server's values and sources are what the page shows.
    await page.reload();
    await page.getByRole('heading', { name: 'Workplace agreements', level: 1 }).waitFor();
    await expect.poll(() => page.getByLabel('Longest expiry a sender may choose (days)').inputValue()).toBe('10');
    expect(await page.getByText('Set by your organisation.').count()).toBe(8);
    expect(await addinEndToEnd.isChecked()).toBe(true);
    expect(await sourceOf(page, 'How the Outlook add-in sends a mail marked secure').innerText()).toContain('Set by your organisation.');
    expect(await page.getByLabel('Delete messages no recipient opened after (days, 0 = never)').inputValue()).toBe('30');
    expect(await page.getByLabel('Always send securely to these recipient domains', { exact: false }).inputValue()).toBe('klinik.example\nlab.example');

    // Back to the installation default, by keyboard.
    const reset = page.getByRole('button', { name: 'Use the installation default for “Secure mail is for”' });
    await reset.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => sourceOf(page, 'Secure mail is for').innerText()).toContain('Installation default.');
    expect(await page.getByRole('radio', { name: 'All recipients, colleagues too' }).isChecked()).toBe(true);

    const csrf = await admin.csrf();
    const audit = (await (await page.request.get(`${world.web.url}/api/org/audit?limit=50`, { headers: { 'x-sealpost-csrf': csrf } })).json()) as { items: Array<{ action: string }> };
    expect(audit.items.filter((i) => i.action === 'org.agreements_changed')).toHaveLength(2);
    await checkPage(page, 'agreements-set', problems);
    await context.close();
  });

  it('German: the page is translated', async () => {
    const { page, context } = await world.web.newPage({ locale: 'de-DE' });
    await orgWithAdmin(world, page, 'Praxis Vereinbart', 'vereinbart.example');
    await page.goto(`${world.web.url}/admin/agreements`);
    await page.getByRole('heading', { name: 'Arbeitsvereinbarungen', level: 1 }).waitFor();
    // The settings arrive after the heading: wait for all of them, not a count taken at once.
    await expect.poll(() => page.getByText('Vorgabe der Installation.').count()).toBe(22);
    expect(await page.getByRole('radio', { name: /^Outlook sendet sie über Exchange an das Sealpost-Mail-Gateway/ }).isChecked()).toBe(true);
    await context.close();
  });
});

/** A staff member of an organisation with these agreements, enrolled with a personal key, signed in in `context`. */
async function staffWith(context: BrowserContext, domain: string, agreements: OrgAgreements, rules?: unknown): Promise<string> {
  const runtime = world.web.runtime;
  const accounts = { repos: runtime.repos, clock: { now: () => new Date() }, secrets: runtime.transfers.secrets, policy: defaultAccountPolicy, publicUrl: world.web.url };
  const created = await createOrganisation(accounts, { name: `Praxis ${domain}`, domains: [domain], adminEmail: `anna@${domain}`, settings: { agreements } }, null);
  if (rules !== undefined) await saveOrgRuleSet(accounts, created.org.id, `anna@${domain}`, rules, { clientAddress: null });
  const staff = await enrol(context, world.web.url, created.invitationUrl);
  const key = await generatePersonalKey({ password: PASSWORD, params: ARGON2_MIN });
  const page = await context.newPage();
  await signInStaff(page, world.web.url, staff.email, staff.secret);
  const csrf = ((await (await page.request.get(`${world.web.url}/api/account/me`)).json()) as { csrfToken: string }).csrfToken;
  const put = await page.request.put(`${world.web.url}/api/account/personal-key`, {
    headers: { 'x-sealpost-csrf': csrf, origin: world.web.url },
    data: { publicKey: key.recipient, wrappedByPassword: toBase64Url(key.wrappedIdentity), wrappedByRecovery: [] },
  });
  expect(put.status(), await put.text()).toBe(204);
  await page.close();
  return staff.email;
}

describe('compose under workplace agreements', () => {
  it('offers only the allowed methods with the agreed default, the agreed expiry, and shows fixed file-name hiding', async () => {
    const { page, problems, context } = await world.web.newPage();
    await staffWith(context, 'eng.example', { allowedMethods: ['sms', 'code'], defaultMethod: 'code', maxExpiryDays: 10, defaultExpiryDays: 4, hideFileNames: true, senderMayShowFileNames: false });
    await page.goto(`${world.web.url}/send`);
    await page.getByRole('heading', { name: 'Unlock your personal key' }).waitFor();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('heading', { name: 'New secure message' }).waitFor();

    await page.getByLabel('Recipients', { exact: true }).fill('bob@elsewhere.example');
    await page.getByLabel('Recipients', { exact: true }).press('Enter');
    await page.locator('summary', { hasText: 'bob@elsewhere.example' }).click();
    await page.getByRole('radio', { name: 'SMS code' }).waitFor();
    expect(await page.getByRole('radio', { name: 'Access code' }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: 'E-mail code (weakest)' }).count()).toBe(0);
    expect(await page.getByRole('radio', { name: 'No verification' }).count()).toBe(0);

    const expiry = page.getByLabel('Available for (days)');
    expect(await expiry.inputValue()).toBe('4');
    expect(await expiry.getAttribute('max')).toBe('10');
    const hide = page.getByRole('checkbox', { name: 'Hide file names in the notification e-mail' });
    expect(await hide.isChecked()).toBe(true);
    expect(await hide.isDisabled()).toBe(true);
    await page.getByText('Your organisation decides whether notifications list file names.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('while a security notice demands a minimum verification, weaker methods are unavailable and a strong enough one is chosen', async () => {
    const { page, problems, context } = await world.web.newPage();
    const rules = { version: 1, custom: [{ kind: 'keywords', id: 'patient', label: 'Patient file', keywords: ['patientenakte'], level: 'warning', minVerification: 'code' }] };
    await staffWith(context, 'akte.example', {}, rules);
    await page.goto(`${world.web.url}/send`);
    await page.getByRole('heading', { name: 'Unlock your personal key' }).waitFor();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('heading', { name: 'New secure message' }).waitFor();

    await page.getByLabel('Recipients', { exact: true }).fill('bob@elsewhere.example');
    await page.getByLabel('Recipients', { exact: true }).press('Enter');
    await page.locator('summary', { hasText: 'bob@elsewhere.example' }).click();
    const email = page.getByRole('radio', { name: 'E-mail code (weakest)' });
    await expect.poll(() => email.isChecked()).toBe(true);
    expect(await email.isDisabled()).toBe(false);

    await page.getByLabel('Subject', { exact: true }).fill('Patientenakte Müller');
    await page.getByText('A security notice in this message requires a stronger verification').waitFor();
    await expect.poll(() => page.getByRole('radio', { name: 'Access code' }).isChecked()).toBe(true);
    expect(await email.isDisabled()).toBe(true);
    expect(await page.getByRole('radio', { name: 'No verification' }).isDisabled()).toBe(true);
    expect(await page.getByRole('radio', { name: 'SMS code' }).isDisabled()).toBe(false);
    expect(await seriousViolations(page)).toEqual([]);

    // The notice gone, every method is available again.
    await page.getByLabel('Subject', { exact: true }).fill('Termin');
    await expect.poll(() => email.isDisabled()).toBe(false);
    expect(problems).toEqual([]);
    await context.close();
  });
});

/** No serious axe violation, nothing sideways at phone width or 200 % zoom, no CSP problem. */
async function checkPage(page: Page, name: string, problems: string[]): Promise<void> {
  expect(await seriousViolations(page), name).toEqual([]);
  expect(await screenshotBoth(page, `admin-${name}`), name).toEqual({ phone: 0, zoom200: 0 });
  expect(problems, name).toEqual([]);
}
