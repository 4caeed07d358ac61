// The organisation console's Outlook add-in card in Chromium: the admin downloads manifest.xml for this installation,
// the file is a well-formed manifest pointing at this server.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { orgWithAdmin, startAdminWorld, type AdminWorld } from './admin-support/admin-world.ts';
import { seriousViolations } from './sender-support/harness.ts';

let world: AdminWorld;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'sp-admin-addin-'));

beforeAll(async () => {
  world = await startAdminWorld();
}, 180_000);
afterAll(async () => {
  await world?.close();
  rmSync(tmp, { recursive: true, force: true });
});

it('the admin downloads the Outlook add-in manifest from the settings page', async () => {
  const { page, problems, context } = await world.web.newPage();
  try {
    await orgWithAdmin(world, page, 'Praxis Outlook', 'outlook-praxis.example');
    await page.goto(`${world.web.url}/admin/settings`);
    await page.getByRole('heading', { name: 'Outlook add-in' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download manifest.xml' }).click()]);
    expect(download.suggestedFilename()).toBe('manifest.xml');
    const file = path.join(tmp, 'manifest.xml');
    await download.saveAs(file);
    const xml = readFileSync(file, 'utf8');
    expect(() => execFileSync('xmllint', ['--noout', file], { stdio: 'pipe' })).not.toThrow();
    expect(xml).toContain('<DisplayName DefaultValue="Sealpost – Praxis Outlook"/>');
    expect(xml).toContain(`DefaultValue="${world.web.url}/addin/taskpane.html"`);
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});
