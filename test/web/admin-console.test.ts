// The organisation admin's console in Debian's Chromium against a real server whose mail goes to a real SMTP server:
// people (invite, role, disable/enable, factor reset), settings (unreadable colours refused), the rules editor with
// its on-device test box, a delivery refused with 550 and retried, the audit log exported after re-authentication
// and checked with the real `sealpost audit verify`; axe and phone width on every page; German and Dutch; keyboard.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageLiterals } from '../../src/core/text/catalog-check.ts';
import { adminDe } from '../../web/src/i18n/admin-de.ts';
import { adminEn } from '../../web/src/i18n/admin-en.ts';
import { adminNl } from '../../web/src/i18n/admin-nl.ts';
import { directoryDe } from '../../web/src/i18n/directory-de.ts';
import { directoryEn } from '../../web/src/i18n/directory-en.ts';
import { directoryNl } from '../../web/src/i18n/directory-nl.ts';
import { enrol, orgWithAdmin, PASSWORD, startAdminWorld, type AdminWorld } from './admin-support/admin-world.ts';
import { repoRoot, screenshotBoth, seriousViolations } from './sender-support/harness.ts';
import { tinyPng } from '../support/tiny-png.ts';

let world: AdminWorld;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'sp-admin-web-'));

beforeAll(async () => {
  world = await startAdminWorld();
}, 180_000);
afterAll(async () => {
  await world?.close();
});

/** No serious axe violation, nothing sideways at phone width or 200 % zoom, no CSP problem. */
async function checkPage(page: Page, name: string, problems: string[]): Promise<void> {
  expect(await seriousViolations(page), name).toEqual([]);
  expect(await screenshotBoth(page, `admin-${name}`), name).toEqual({ phone: 0, zoom200: 0 });
  expect(problems, name).toEqual([]);
}

const row = (page: Page, attr: string, value: string) => page.locator(`tr[${attr}="${value}"]`);

describe('organisation console', () => {
  it('people: invites (mailed over SMTP), changes a role, disables and re-enables, resets a second factor; sessions', async () => {
    const { page, problems, context } = await world.web.newPage();
    await orgWithAdmin(world, page, 'Praxis Nord', 'nord.example');
    await page.goto(`${world.web.url}/send`);
    await page.getByRole('link', { name: 'Organisation' }).click();
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
    // The header shows the organisation while its staff are signed in.
    await expect.poll(() => page.locator('.org-name').textContent()).toBe('Praxis Nord');

    await page.getByLabel('E-mail address').fill('nina@nord.example');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect.poll(() => page.locator('#invitation-link').inputValue()).toMatch(/\/#\/invitation\/[A-Za-z0-9_-]+$/);
    await expect.poll(() => world.smtp.received.some((m) => m.rcptTo.includes('nina@nord.example'))).toBe(true);
    const mail = world.smtp.received.find((m) => m.rcptTo.includes('nina@nord.example'));
    expect(mail?.raw).toContain('Praxis Nord');

    await page.getByLabel('Role of nina@nord.example').selectOption('admin');
    await page.getByText('The role of nina@nord.example was changed.').waitFor();
    await page.getByRole('button', { name: 'Disable nina@nord.example' }).click();
    await row(page, 'data-user', 'nina@nord.example').getByText('Disabled').waitFor();
    await page.getByRole('button', { name: 'Enable nina@nord.example' }).click();
    await page.getByText('nina@nord.example can sign in again.').waitFor();
    expect(await row(page, 'data-user', 'nina@nord.example').getByRole('combobox').inputValue()).toBe('admin');

    // An enrolled member (own browser context), then reset their factor: their session ends.
    const csrf = ((await (await page.request.get(`${world.web.url}/api/account/me`)).json()) as { csrfToken: string }).csrfToken;
    const invited = await page.request.post(`${world.web.url}/api/org/users`, { headers: { 'x-sealpost-csrf': csrf, origin: world.web.url }, data: { email: 'max@nord.example' } });
    const other = await world.web.browser.newContext();
    await enrol(other, world.web.url, ((await invited.json()) as { invitationUrl: string }).invitationUrl);
    await page.reload();
    await page.getByRole('button', { name: 'Reset second factor: max@nord.example' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Reset second factor' }).click();
    await page.getByText('The second factor of max@nord.example was reset; a new invitation was sent.').waitFor();
    expect((await other.request.get(`${world.web.url}/api/account/me`)).status()).toBe(401);
    await other.close();
    await row(page, 'data-user', 'max@nord.example').getByText('Invited').waitFor();
    await page.getByRole('heading', { name: 'Sessions' }).waitFor();
    await checkPage(page, 'people', problems);
    await context.close();
  });

  it('people page by keyboard alone: invite, then open and cancel the reset dialog', async () => {
    const { page, problems, context } = await world.web.newPage();
    await orgWithAdmin(world, page, 'Praxis Tast', 'tast.example');
    await page.goto(`${world.web.url}/admin/people`);
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
    const focusTo = async (id: string) => {
      for (let i = 0; i < 40; i += 1) {
        await page.keyboard.press('Tab');
        if (await page.evaluate((want) => document.activeElement?.id === want, id)) return;
      }
      throw new Error(`Tab never reached #${id}`);
    };
    await focusTo('invite-email');
    await page.keyboard.type('kai@tast.example');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#invitation-link').inputValue()).toContain('/#/invitation/');
    // Enrolled admin cannot reset themself; invite and enrol a member to have a reset button.
    const csrf = ((await (await page.request.get(`${world.web.url}/api/account/me`)).json()) as { csrfToken: string }).csrfToken;
    const invited = await page.request.post(`${world.web.url}/api/org/users`, { headers: { 'x-sealpost-csrf': csrf, origin: world.web.url }, data: { email: 'lea@tast.example' } });
    const other = await world.web.browser.newContext();
    await enrol(other, world.web.url, ((await invited.json()) as { invitationUrl: string }).invitationUrl);
    await other.close();
    await page.reload();
    await page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
    let reached = false;
    for (let i = 0; i < 60 && !reached; i += 1) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') === 'Reset second factor: lea@tast.example');
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    // The focus moved into the dialog; Escape cancels.
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('settings: refuses unreadable colours, saves readable ones and a support contact that the header shows', async () => {
    const { page, problems, context } = await world.web.newPage();
    await orgWithAdmin(world, page, 'Praxis Farbe', 'farbe.example');
    await page.goto(`${world.web.url}/admin/settings`);
    await page.getByRole('heading', { name: 'Organisation settings' }).waitFor();
    await page.getByLabel('Use our own colours').check();
    await page.getByLabel('Background (#rrggbb)').fill('#777777');
    await page.getByLabel('Text (#rrggbb)').fill('#888888');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').getByText(/hard to read together \(contrast 1\.\d+:1\)/).waitFor();
    await page.getByLabel('Background (#rrggbb)').fill('#1a3d7c');
    await page.getByLabel('Text (#rrggbb)').fill('#ffffff');
    await page.getByLabel('Support e-mail').fill('hilfe@farbe.example');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved.').waitFor();
    await expect.poll(() => page.locator('.org-support').getAttribute('href')).toBe('mailto:hilfe@farbe.example');
    await expect.poll(() => page.locator('.app-header').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(26, 61, 124)');
    // Logo: an SVG is refused, a PNG is stored and shows in the header (served from our origin).
    const svg = path.join(tmp, 'logo.svg');
    writeFileSync(svg, '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    await page.getByLabel('Choose a PNG image').setInputFiles(svg);
    await page.getByText('The logo must be a PNG image of at most 100 KB').waitFor();
    const png = path.join(tmp, 'logo.png');
    writeFileSync(png, tinyPng(40, 20));
    await page.getByLabel('Choose a PNG image').setInputFiles(png);
    await page.getByText('Logo saved.').waitFor();
    await expect.poll(() => page.locator('img.org-logo').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(40);
    await checkPage(page, 'settings', problems);
    await context.close();
  });

  it('rules: adds a keyword rule, the live test box fires on this device, saves', async () => {
    const { page, problems, context } = await world.web.newPage();
    await orgWithAdmin(world, page, 'Praxis Regel', 'regel.example');
    await page.goto(`${world.web.url}/admin/rules`);
    await page.getByRole('heading', { name: 'Security notices', level: 1 }).waitFor();
    // Nothing of the sample may reach the server: no server-side scan, no request carrying the typed text.
    const leaks: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/security-notices/scan') || (r.postData() ?? '').includes('falcon meeting')) leaks.push(r.url());
    });
    await page.getByLabel('Name shown to senders').fill('Project Falcon');
    await page.getByLabel('Keywords', { exact: true }).fill('falcon, peregrine');
    await page.getByLabel('Level', { exact: true }).selectOption('required');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByLabel('Sample text').fill('Minutes of the falcon meeting');
    await page.getByLabel('File names (one per line, optional)').fill('setup.exe');
    await page.locator('li[data-detector="customKeyword"]').getByText('Project Falcon').waitFor();
    await page.locator('li[data-detector="riskyAttachment"]').waitFor();
    // Switched off here, the attachment rule stops firing in the test box before anything is saved.
    await page.getByLabel('Check for Risky attachments').uncheck();
    await expect.poll(() => page.locator('li[data-detector="riskyAttachment"]').count()).toBe(0);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Rules saved. Senders get them with their next message.').waitFor();
    expect(leaks).toEqual([]);
    const stored = (await (await page.request.get(`${world.web.url}/api/org/security-notices/rules`)).json()) as { source: string; ruleSet: { custom: Array<{ label: string }>; detectors: { riskyAttachment: { enabled: boolean } } } };
    expect(stored).toMatchObject({ source: 'stored', ruleSet: { custom: [{ label: 'Project Falcon' }], detectors: { riskyAttachment: { enabled: false } } } });
    await checkPage(page, 'rules', problems);
    await context.close();
  });

  it('failed deliveries: a relay answering 550 fails the invitation; retry now delivers it', async () => {
    const { page, problems, context } = await world.web.newPage();
    const admin = await orgWithAdmin(world, page, 'Praxis Post', 'post.example');
    world.refused.add('bounce@post.example');
    const res = await page.request.post(`${world.web.url}/api/org/users`, { headers: { 'x-sealpost-csrf': await admin.csrf(), origin: world.web.url }, data: { email: 'bounce@post.example' } });
    expect(res.status()).toBe(201);
    await page.goto(`${world.web.url}/admin/deliveries`);
    await page.getByRole('heading', { name: 'Failed deliveries', level: 1 }).waitFor();
    await expect.poll(async () => {
      await page.reload();
      await page.getByRole('heading', { name: 'Failed deliveries', level: 1 }).waitFor();
      await page.locator('.loading').waitFor({ state: 'detached' });
      return row(page, 'data-delivery', 'bounce@post.example').count();
    }, { timeout: 30_000 }).toBe(1);
    const failed = row(page, 'data-delivery', 'bounce@post.example');
    await failed.getByText('550').first().waitFor();
    await failed.getByText('Given up').waitFor();
    await checkPage(page, 'deliveries', problems);
    world.refused.delete('bounce@post.example');
    await page.getByRole('button', { name: 'Retry now: bounce@post.example' }).click();
    await page.getByText('The e-mail to bounce@post.example is being sent again.').waitFor();
    await expect.poll(() => world.smtp.received.some((m) => m.rcptTo.includes('bounce@post.example')), { timeout: 30_000 }).toBe(true);
    await context.close();
  });

  it('audit log: filters, exports after re-authentication, and the export verifies with `sealpost audit verify`', async () => {
    const { page, problems, context } = await world.web.newPage();
    await orgWithAdmin(world, page, 'Praxis Akte', 'akte.example');
    await page.goto(`${world.web.url}/admin/audit`);
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    await page.getByRole('cell', { name: 'account.signed_in' }).first().waitFor();
    await page.getByLabel('Kind of event').selectOption('org.');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('cell', { name: 'org.created' }).waitFor();
    await expect.poll(() => page.getByRole('cell', { name: 'account.signed_in' }).count()).toBe(0);
    await checkPage(page, 'audit', problems);

    // The sign-in was more than 10 minutes ago (moved back in the database): the export asks who it is first.
    const old = new Date(Date.now() - 11 * 60_000).toISOString();
    await world.web.runtime.db.kysely.updateTable('staffSessions').set({ reauthenticatedAt: old }).execute();
    await page.getByRole('button', { name: 'Export audit log' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Confirm it is you' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByLabel('Password', { exact: true }).check();
    await dialog.getByLabel('Your password').fill(PASSWORD);
    const download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    const file = path.join(tmp, 'audit.jsonl');
    await (await download).saveAs(file);
    await page.getByText('The export was downloaded.').waitFor();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.at(-1)).toContain('"audit.exported"');
    const verify = spawnSync(process.execPath, [path.join(repoRoot, 'bin/sealpost.js'), 'audit', 'verify', file], { encoding: 'utf8' });
    expect(verify.status, verify.stderr + verify.stdout).toBe(0);
    expect(verify.stdout).toMatch(new RegExp(`${lines.length}`));
    await context.close();
  });
});

/** English fragments of the console whose translation differs: none may appear on a translated page. */
function englishLeft(target: Record<string, string>, text: string): string[] {
  const out = new Set<string>();
  for (const [key, value] of Object.entries({ ...adminEn, ...directoryEn })) {
    if (target[key] === value) continue;
    for (const part of messageLiterals(value)) if (part.trim().length >= 8) out.add(part.trim());
  }
  return [...out].filter((f) => text.includes(f));
}

describe('organisation console in German and Dutch', () => {
  for (const [lang, locale, catalog, heading] of [['de', 'de-DE', { ...adminDe, ...directoryDe }, 'Personen'], ['nl', 'nl-NL', { ...adminNl, ...directoryNl }, 'Personen']] as const) {
    it(`${lang}: every page is translated and passes axe`, async () => {
      const { page, problems, context } = await world.web.newPage({ locale });
      await orgWithAdmin(world, page, `Praxis ${lang}`, `${lang}-sprache.example`);
      for (const [sub, title] of [['people', heading], ['settings', catalog['admin.settings.title']], ['agreements', catalog['admin.agreements.title']], ['rules', catalog['admin.rules.title']], ['directory', catalog['directory.title']], ['deliveries', catalog['admin.deliveries.title']], ['audit', catalog['admin.audit.title']]] as const) {
        await page.goto(`${world.web.url}/admin/${sub}`);
        await page.getByRole('heading', { name: title, level: 1 }).waitFor();
        await page.locator('.loading').first().waitFor({ state: 'detached' });
        const text = await page.evaluate(() => document.body.innerText + ' ' + [...document.querySelectorAll('[aria-label]')].map((e) => e.getAttribute('aria-label')).join(' '));
        expect(englishLeft(catalog, text), `${lang} ${sub}`).toEqual([]);
        expect(await seriousViolations(page), `${lang} ${sub}`).toEqual([]);
      }
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});
