// German and Dutch UI smoke tests (no English leftovers, language from the browser, switcher remembered),
// axe on the verification page, first-page load time and the bundle size (gzip) of what that page loads.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageLiterals } from '../../src/core/text/catalog-check.ts';
import { de } from '../../web/src/i18n/de.ts';
import { en } from '../../web/src/i18n/en.ts';
import { nl } from '../../web/src/i18n/nl.ts';
import { repoRoot, screenshotBoth, seriousViolations, signIn, startWebWorld, type WebWorld } from './sender-support/harness.ts';

let world: WebWorld;
beforeAll(async () => {
  world = await startWebWorld();
}, 180_000);
afterAll(async () => {
  await world?.close();
});

/** English fragments (the text runs of every plural form, arguments cut out) whose translation differs: none may appear in a translated page. */
function englishFragments(target: Record<string, string>): string[] {
  const out = new Set<string>();
  for (const [key, value] of Object.entries(en)) {
    if (target[key] === value) continue;
    for (const part of messageLiterals(value)) {
      const p = part.trim();
      if (p.length >= 8) out.add(p);
    }
  }
  return [...out];
}

async function leftovers(page: Page, target: Record<string, string>): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText + ' ' + [...document.querySelectorAll('[aria-label],[placeholder],[title]')].map((e) => `${e.getAttribute('aria-label') ?? ''} ${e.getAttribute('placeholder') ?? ''} ${e.getAttribute('title') ?? ''}`).join(' '));
  return englishFragments(target).filter((f) => text.includes(f));
}

describe('sender pages in German and Dutch', () => {
  it('German from the browser: verification, compose and sent items have no English leftovers', async () => {
    const { page, problems, context } = await world.newPage({ locale: 'de-DE' });
    await page.goto(`${world.url}/send`);
    await page.getByRole('heading', { name: 'E-Mail-Adresse bestätigen' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    expect(await leftovers(page, de)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await screenshotBoth(page, 'sender-verify-de')).toEqual({ phone: 0, zoom200: 0 });

    await signIn(world, page, 'greta@sender.example');
    await page.getByLabel('Empfänger', { exact: true }).fill('hans@empfaenger.example');
    await page.getByLabel('Empfänger', { exact: true }).press('Enter');
    await page.locator('summary', { hasText: 'hans@empfaenger.example' }).click();
    await page.getByRole('radio', { name: 'SMS-Code' }).check();
    await page.getByLabel('Nachricht', { exact: true }).fill('Steuer-ID 12 345 678 901, Diagnose');
    await page.getByRole('button', { name: 'Prüfen und senden' }).click();
    await page.getByText('Geben Sie einen Betreff ein.').waitFor();
    await expect.poll(() => page.locator('.notice').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await leftovers(page, de)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await screenshotBoth(page, 'sender-compose-de')).toEqual({ phone: 0, zoom200: 0 });

    await page.getByRole('link', { name: 'Gesendet' }).click();
    await page.getByRole('heading', { name: 'Gesendete Nachrichten' }).waitFor();
    await page.getByText('Sie haben noch keine Nachrichten gesendet.').waitFor();
    expect(await leftovers(page, de)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('Dutch via the switcher, remembered after a reload: no English leftovers', async () => {
    const { page, problems, context } = await world.newPage({ locale: 'en-US' });
    await page.goto(`${world.url}/verify`);
    await page.getByLabel('Language').selectOption('nl');
    await page.getByRole('heading', { name: 'Bevestig uw e-mailadres' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Bevestig uw e-mailadres' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nl');
    expect(await leftovers(page, nl)).toEqual([]);
    await signIn(world, page, 'joost@sender.example');
    await page.getByLabel('Ontvangers', { exact: true }).fill('anna@ontvanger.example');
    await page.getByLabel('Ontvangers', { exact: true }).press('Enter');
    await page.locator('summary', { hasText: 'anna@ontvanger.example' }).click();
    await page.getByRole('radio', { name: 'Toegangscode' }).check();
    await page.getByLabel('Onderwerp', { exact: true }).fill('Verwijsbrief');
    await page.getByRole('button', { name: 'Controleren en versturen' }).click();
    await page.getByText('Elke ontvanger met een toegangscode heeft een code van minstens 6 tekens nodig.').waitFor();
    await expect.poll(() => page.locator('.notice').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await leftovers(page, nl)).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await screenshotBoth(page, 'sender-compose-nl')).toEqual({ phone: 0, zoom200: 0 });
    await page.getByRole('link', { name: 'Verzonden' }).click();
    await page.getByRole('heading', { name: 'Verzonden berichten' }).waitFor();
    expect(await leftovers(page, nl)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('the first page loads neither the crypto nor the security-notice engine, and stays within its size budget', async () => {
    const metrics: Record<string, { firstPageGzipBytes: number; firstPageAssets: string[] }> = {};
    // English is in the first page; a German page also loads its language's chunk: both within the budget.
    for (const locale of ['en-GB', 'de-DE']) {
      const { page, context } = await world.newPage({ locale });
      const assets = new Set<string>();
      page.on('response', (r) => {
        const p = new URL(r.url()).pathname;
        if (p.startsWith('/assets/')) assets.add(p);
      });
      await page.goto(`${world.url}/send`);
      await page.locator('input[type=email]').waitFor({ state: 'visible' });
      const dist = path.join(repoRoot, 'web/dist');
      const gz = (file: string) => gzipSync(readFileSync(file)).length;
      const firstPage = [...assets].reduce((n, a) => n + gz(path.join(dist, a)), gz(path.join(dist, 'index.html')));
      metrics[locale] = { firstPageGzipBytes: firstPage, firstPageAssets: [...assets].sort() };
      // Crypto and the DLP engine load when the sender starts composing or sending, never with the first page.
      const heavy = [...assets].filter((a) => /\/(crypto|browser|scan-draft|send-engine|recipient-app)-[\w-]+\.js$/.test(a));
      expect(heavy, locale).toEqual([]);
      expect([...assets].some((a) => /\/lang-de-/.test(a)), locale).toBe(locale === 'de-DE');
      expect(firstPage, locale).toBeLessThan(128 * 1024);
      await context.close();
    }
    mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
    writeFileSync(path.join(repoRoot, 'test-results/web-sender-metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
  });
});
