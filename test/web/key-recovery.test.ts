// The organisation recovery key in Debian's Chromium against a real server (docs/security.md, "A staff member loses
// every factor"): the admin is asked to choose, makes the recovery key in the browser, downloads it and must select the
// saved file again; a staff member's key is escrowed when the sign-in page makes it; after a factor reset and a new
// key their old sent item no longer opens; the admin restores it with the key file (a wrong file is refused and
// uploads nothing), and the staff member's next unlock opens the old item again. The downloaded file opens the
// escrow with the real `age` CLI. Switching to "loss" deletes the escrows. axe and phone width on the new screens.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageLiterals } from '../../src/core/text/catalog-check.ts';
import { fromBase64Url } from '../../src/crypto/index.ts';
import { recoveryDe } from '../../web/src/i18n/recovery-de.ts';
import { recoveryEn } from '../../web/src/i18n/recovery-en.ts';
import { recoveryNl } from '../../web/src/i18n/recovery-nl.ts';
import { enrol, orgWithAdmin, PASSWORD, startAdminWorld, type AdminWorld } from './admin-support/admin-world.ts';
import { acceptOnPage, adminApi, openUnlocked, sendMessage, signInOnPage } from './recovery-support/recovery-world.ts';
import { screenshotBoth, seriousViolations } from './sender-support/harness.ts';

let world: AdminWorld;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'sp-key-recovery-web-'));
/** Another age key (age-keygen): a well-formed key file that is not the organisation's. */
const otherKeyFile = path.join(tmp, 'other-key.txt');
const notAKeyFile = path.join(tmp, 'shopping-list.txt');

beforeAll(async () => {
  world = await startAdminWorld();
  execFileSync('age-keygen', ['-o', otherKeyFile], { stdio: 'ignore' });
  writeFileSync(notAKeyFile, 'milk\neggs\n');
}, 180_000);
afterAll(async () => {
  await world?.close();
});

async function checkPage(page: Page, name: string, problems: string[]): Promise<void> {
  expect(await seriousViolations(page), name).toEqual([]);
  expect(await screenshotBoth(page, `key-recovery-${name}`), name).toEqual({ phone: 0, zoom200: 0 });
  expect(problems, name).toEqual([]);
}

/** Moves the admin's last re-authentication 11 minutes back: the next sensitive action asks who it is. */
async function expireReauth(): Promise<void> {
  const old = new Date(Date.now() - 11 * 60_000).toISOString();
  await world.web.runtime.db.kysely.updateTable('staffSessions').set({ reauthenticatedAt: old }).execute();
}

async function confirmWithPassword(page: Page): Promise<void> {
  const dialog = page.getByRole('dialog').filter({ has: page.getByRole('heading', { name: 'Confirm it is you' }) });
  await dialog.waitFor();
  await dialog.getByLabel('Password', { exact: true }).check();
  await dialog.getByLabel('Your password').fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Confirm' }).click();
}

/** The admin chooses the organisation recovery key in the console; returns the saved key file's path. */
async function chooseOrgKey(page: Page, orgFile: string): Promise<string> {
  await page.getByRole('button', { name: 'Set up a recovery key' }).click();
  await page.getByRole('button', { name: 'Create the recovery key' }).click();
  const created = await page.getByText(/The recovery key was created in this browser\. Its fingerprint is/).innerText();
  const fingerprint = /([0-9A-F]{4}(?:-[0-9A-F]{4}){3})/.exec(created)?.[1];
  expect(fingerprint).toBeTruthy();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the key file' }).click()]);
  expect(download.suggestedFilename()).toBe(orgFile);
  const keyFile = path.join(tmp, orgFile);
  await download.saveAs(keyFile);
  const use = page.getByRole('button', { name: 'Use this recovery key' });
  expect(await use.isDisabled()).toBe(true);
  // Only the file just downloaded confirms it was saved.
  const pick = page.getByLabel('Select the saved key file to confirm it was saved');
  await pick.setInputFiles(otherKeyFile);
  await page.getByText('This file holds another key than the one just created.').waitFor();
  await pick.setInputFiles(notAKeyFile);
  await page.getByText('This is not a recovery key file.').waitFor();
  expect(await use.isDisabled()).toBe(true);
  await pick.setInputFiles(keyFile);
  await page.getByText('The file holds the new recovery key.').waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  expect(await screenshotBoth(page, `key-recovery-new-key-${orgFile.replace(/\.txt$/, '')}`)).toEqual({ phone: 0, zoom200: 0 });
  await expireReauth();
  await use.click();
  await confirmWithPassword(page);
  await page.getByText(`Saved: the organisation recovery key ${fingerprint} is in use.`).waitFor();
  await page.locator('.recovery-fingerprint', { hasText: fingerprint }).waitFor();
  return keyFile;
}

describe('organisation recovery key', () => {
  it('the whole story: chosen, escrowed, lost, refused with a wrong file, restored, opened again', async () => {
    const admin = await world.web.newPage();
    await orgWithAdmin(world, admin.page, 'Praxis Rettung', 'rettung.example');
    const api = adminApi(world, admin.page);

    // Not chosen yet: the console's first page asks for a choice.
    await admin.page.goto(`${world.web.url}/admin`);
    await admin.page.getByRole('heading', { name: 'Choose what happens when someone loses every sign-in factor' }).waitFor();
    await checkPage(admin.page, 'notice', admin.problems);
    await admin.page.getByRole('link', { name: 'Choose key recovery now' }).click();
    await admin.page.getByRole('heading', { name: 'Key recovery', level: 1 }).waitFor();
    await admin.page.getByText('Not chosen yet (earlier messages are lost)').waitFor();
    await checkPage(admin.page, 'choose', admin.problems);
    const keyFile = await chooseOrgKey(admin.page, 'sealpost-recovery-key-Praxis-Rettung.txt');
    await checkPage(admin.page, 'chosen', admin.problems);
    const recipient = /# public key: (age1[0-9a-z]+)/.exec(readFileSync(keyFile, 'utf8'))?.[1];
    expect(await api.keyRecovery()).toMatchObject({ policy: 'org-key', recoveryPublicKey: recipient, escrowed: 0, awaitingRestore: 0 });
    await admin.page.goto(`${world.web.url}/admin/people`);
    await admin.page.getByRole('heading', { name: 'People', level: 1 }).waitFor();
    expect(await admin.page.getByText('Choose what happens when someone loses every sign-in factor').count()).toBe(0);

    // A staff member signs in; the page makes their key and escrows it to the recovery key. They send a message.
    const email = 'lena@rettung.example';
    const staff = await world.web.newPage();
    const enrolled = await enrol(staff.context, world.web.url, await api.invite(email));
    const lastStep = await signInOnPage(staff.page, world.web.url, email, enrolled.secret);
    expect((await api.keyRecovery()).escrowed).toBe(1);
    const file = path.join(tmp, 'befund.txt');
    writeFileSync(file, 'Befund vom Montag.\n');
    const sentId = await sendMessage(staff.page, { to: 'paul@patient.example', subject: 'Befund Montag', text: 'Anbei der Befund.', file });
    await staff.page.getByRole('link', { name: 'Account', exact: true }).click();
    await staff.page.getByText(/your organisation can restore your key and your earlier messages \(recovery key [0-9A-F]{4}-/).waitFor();

    // Every factor lost: the admin resets it; the new invitation makes a new key, and the old item no longer opens.
    const userId = await api.userId(email);
    const invitation = await api.resetFactor(userId);
    await acceptOnPage(staff.page, invitation, lastStep);
    await openUnlocked(staff.page, `${world.web.url}/sent/${sentId}`);
    await staff.page.getByRole('heading', { name: '(content not available in this browser)' }).waitFor();
    expect(await staff.page.getByText('Anbei der Befund.').count()).toBe(0);
    expect(await api.keyRecovery()).toMatchObject({ escrowed: 1, awaitingRestore: 1 });

    // The downloaded key file opens the archived escrow with Debian's age: the old identity, bound to this user.
    const archive = await api.archivedKeys(userId);
    const [archived] = archive.keys;
    if (!archived) throw new Error('no archived key');
    const escrowFile = path.join(tmp, 'escrow.age');
    writeFileSync(escrowFile, fromBase64Url(archived.escrow));
    const opened = spawnSync('age', ['-d', '-i', keyFile, escrowFile], { encoding: 'utf8' });
    expect(opened.status, opened.stderr).toBe(0);
    const escrowed = JSON.parse(opened.stdout) as { identity: string };
    expect(escrowed).toMatchObject({ v: 1, purpose: 'sealpost-key-escrow', userId, publicKey: archived.publicKey });
    expect(escrowed.identity).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]+$/);
    expect(spawnSync('age', ['-d', '-i', otherKeyFile, escrowFile]).status).not.toBe(0);

    // The console warns before a new recovery key makes the awaiting key unrecoverable.
    await admin.page.goto(`${world.web.url}/admin/recovery`);
    await admin.page.getByText('1 earlier key awaiting restore').waitFor();
    await admin.page.getByRole('button', { name: 'Replace the recovery key' }).click();
    await admin.page.getByText('1 earlier key still awaiting restore can then never be restored.').waitFor();
    await admin.page.getByRole('button', { name: 'Cancel' }).click();

    // Restore: a wrong key file is refused in the browser and nothing is uploaded; the right one restores.
    await admin.page.goto(`${world.web.url}/admin/people`);
    await admin.page.locator(`tr[data-user="${email}"]`).getByText('1 earlier key awaiting restore').waitFor();
    await admin.page.getByRole('button', { name: `Restore earlier messages: ${email}` }).click();
    const dialog = admin.page.getByRole('dialog').filter({ has: admin.page.getByRole('heading', { name: `Restore the earlier messages of ${email}` }) });
    await dialog.waitFor();
    const restoreFile = dialog.getByLabel('Recovery key file');
    await restoreFile.setInputFiles(otherKeyFile);
    // Reading the archive needs a recent re-authentication: the console's dialog asks, then the restore goes on.
    await expireReauth();
    await dialog.getByRole('button', { name: 'Restore' }).click();
    await confirmWithPassword(admin.page);
    await dialog.getByText(/This key file is not your organisation’s recovery key \(fingerprint [0-9A-F]{4}-.*\)\. Nothing was restored\./).waitFor();
    await restoreFile.setInputFiles(notAKeyFile);
    await dialog.getByRole('button', { name: 'Restore' }).click();
    await dialog.getByText('This is not a recovery key file.').waitFor();
    expect((await api.keyRecovery()).awaitingRestore).toBe(1);
    await checkPage(admin.page, 'restore-refused', admin.problems);
    await restoreFile.setInputFiles(keyFile);
    await dialog.getByRole('button', { name: 'Restore' }).click();
    await dialog.getByText(`1 earlier key of ${email} was restored.`).waitFor();
    expect((await api.keyRecovery()).awaitingRestore).toBe(0);
    expect((await api.archivedKeys(userId)).keys.map((k) => k.restored)).toEqual([true]);
    await dialog.getByRole('button', { name: 'Hide' }).click();
    await expect.poll(() => admin.page.getByRole('button', { name: `Restore earlier messages: ${email}` }).count()).toBe(0);

    // The staff member's next unlock brings the old key back beside the new one: the old item opens again.
    await openUnlocked(staff.page, `${world.web.url}/sent/${sentId}`);
    await staff.page.getByRole('heading', { name: 'Befund Montag' }).waitFor({ timeout: 30_000 });
    await staff.page.getByText('Anbei der Befund.').waitFor();
    await staff.page.getByRole('button', { name: 'Download befund.txt' }).waitFor();
    expect(staff.problems).toEqual([]);

    // Switching to loss: the escrows go (the console says so before), and staff are told.
    await admin.page.goto(`${world.web.url}/admin/recovery`);
    await admin.page.getByRole('button', { name: 'Choose loss' }).click();
    await admin.page.getByText('All copies of staff keys locked to the recovery key are deleted from the server.').waitFor();
    const confirm = admin.page.getByRole('button', { name: 'Confirm: choose loss' });
    expect(await confirm.isDisabled()).toBe(true);
    await admin.page.getByLabel('I understand that the earlier messages of someone who loses every sign-in factor cannot be opened again.').check();
    await checkPage(admin.page, 'loss', admin.problems);
    await confirm.click();
    await admin.page.getByText('Saved: earlier messages of someone who loses every factor cannot be restored.').waitFor();
    expect(await api.keyRecovery()).toMatchObject({ policy: 'loss', recoveryPublicKey: null, escrowed: 0 });
    await staff.page.goto(`${world.web.url}/account`);
    await staff.page.getByText('If you lose every sign-in factor, your earlier messages cannot be opened again: keep your recovery codes safe.').waitFor();
    await admin.context.close();
    await staff.context.close();
  }, 420_000);

  it('a key stored before the choice is escrowed on its next unlock; the page in German and Dutch', async () => {
    const admin = await world.web.newPage();
    await orgWithAdmin(world, admin.page, 'Praxis Nachhol', 'nachhol.example');
    const api = adminApi(world, admin.page);
    const email = 'jan@nachhol.example';
    const staff = await world.web.newPage();
    const enrolled = await enrol(staff.context, world.web.url, await api.invite(email));
    await signInOnPage(staff.page, world.web.url, email, enrolled.secret);
    expect(await api.keyRecovery()).toMatchObject({ policy: null, staff: 1, escrowed: 0 });

    await admin.page.goto(`${world.web.url}/admin/recovery`);
    await chooseOrgKey(admin.page, 'sealpost-recovery-key-Praxis-Nachhol.txt');
    await admin.page.getByText('0 of 1 staff key recoverable').waitFor();
    // The next unlock on the staff member's device escrows the key it opened.
    await openUnlocked(staff.page, `${world.web.url}/send`);
    await expect.poll(async () => (await api.keyRecovery()).escrowed, { timeout: 15_000 }).toBe(1);
    expect(staff.problems).toEqual([]);

    for (const [lang, catalog] of [['de', recoveryDe], ['nl', recoveryNl]] as const) {
      await admin.page.getByLabel(lang === 'de' ? 'Language' : 'Sprache').selectOption(lang);
      await admin.page.getByRole('heading', { name: catalog['admin.recovery.title'], level: 1 }).waitFor();
      await admin.page.getByRole('button', { name: catalog['admin.recovery.pickRotate'] }).click();
      await admin.page.getByRole('button', { name: catalog['admin.recovery.generate'] }).waitFor();
      const text = await admin.page.evaluate(() => document.body.innerText);
      expect(englishLeft(catalog, text), lang).toEqual([]);
      expect(await seriousViolations(admin.page), lang).toEqual([]);
      await admin.page.getByRole('button', { name: lang === 'de' ? 'Abbrechen' : 'Annuleren' }).click();
      // Cancelling leaves the stored choice showing (not the state the page loaded with).
      await admin.page.locator('dd[data-policy="org-key"]').waitFor();
    }
    expect(admin.problems).toEqual([]);
    await admin.context.close();
    await staff.context.close();
  }, 240_000);
});

/** English fragments of the key-recovery strings whose translation differs: none may appear on a translated page. */
function englishLeft(target: Record<string, string>, text: string): string[] {
  const out = new Set<string>();
  for (const [key, value] of Object.entries(recoveryEn)) {
    if (target[key] === value) continue;
    for (const part of messageLiterals(value)) if (part.trim().length >= 8) out.add(part.trim());
  }
  return [...out].filter((f) => text.includes(f));
}
