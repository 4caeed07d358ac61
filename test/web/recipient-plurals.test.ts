// Real plural forms and SVG icons in Chromium against a real server: a recipient page with one file says
// "1 Datei angehängt", with two "2 Dateien angehängt" (and the same in English and Dutch), and no emoji or symbol
// glyph is left in the rendered app (text nodes, labels and CSS-generated content of the recipient pages and the
// sender's compose page), which stays accessible (axe-core).
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { codeIn, tempDir } from '../e2e/harness.ts';
import {
  ensureWebBuild, launchChromium, loginSender, newPage, seriousA11yViolations, sendMessage, startServer, type SentMessage, type Sender, type TestServer,
} from './recipient-support/harness.ts';

let server: TestServer;
let browser: Browser;
let sender: Sender;
let one: SentMessage;
let two: SentMessage;
const filesDir = tempDir('sp-web-plurals-');

beforeAll(async () => {
  ensureWebBuild();
  server = await startServer();
  browser = await launchChromium();
  sender = await loginSender(server, `plural-x${randomBytes(3).toString('hex')}@example.org`);
  for (const name of ['a.txt', 'b.txt']) writeFileSync(path.join(filesDir, name), `file ${name}\n`);
  const send = (files: string[]) => sendMessage(sender, {
    to: `reader-x${randomBytes(3).toString('hex')}@example.net`, verify: 'none', subject: 'Plurals', message: 'Hello', files: files.map((f) => path.join(filesDir, f)),
  });
  one = await send(['a.txt']);
  two = await send(['a.txt', 'b.txt']);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * Glyphs that need an emoji or symbol font (pictographs, dingbats, misc. symbols, variation selector 16) plus the
 * multiplication sign once used as a close button: icons must be SVG. Looks at text nodes, aria-label/title/alt,
 * and ::before/::after content, and returns each offending text.
 */
async function glyphIcons(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const glyph = /[\p{Extended_Pictographic}\u{1F000}-\u{1FAFF}\u2190-\u21FF\u2300-\u23FF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u00D7]/u;
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) if (glyph.test(node.textContent ?? '')) found.push(node.textContent ?? '');
    for (const el of document.querySelectorAll('*')) {
      for (const attr of ['aria-label', 'title', 'alt']) {
        const value = el.getAttribute(attr);
        if (value && glyph.test(value)) found.push(`${attr}=${value}`);
      }
      for (const pseudo of ['::before', '::after']) {
        const content = getComputedStyle(el, pseudo).content;
        if (content !== 'none' && content !== 'normal' && glyph.test(content)) found.push(`${pseudo} ${content}`);
      }
    }
    return found;
  });
}

async function assertClean(page: Page, what: string): Promise<void> {
  expect(await glyphIcons(page), what).toEqual([]);
  // The icons are drawn: an SVG marked as decoration, not an empty box.
  expect(await page.locator('svg.icon:not([aria-hidden="true"]), svg.icon:not([focusable="false"])').count(), what).toBe(0);
  const violations = await seriousA11yViolations(page);
  expect(violations, `${what}: ${JSON.stringify(violations)}`).toEqual([]);
}

const languages = [
  { locale: 'en-GB', title: 'A secure message for you', open: 'Open message', landing: ['1 file attached', '2 files attached'], total: ['1 file, ', '2 files, '] },
  { locale: 'de-DE', title: 'Eine sichere Nachricht für Sie', open: 'Nachricht öffnen', landing: ['1 Datei angehängt', '2 Dateien angehängt'], total: ['1 Datei, ', '2 Dateien, '] },
  { locale: 'nl-NL', title: 'Een beveiligd bericht voor u', open: 'Bericht openen', landing: ['1 bestand bijgevoegd', '2 bestanden bijgevoegd'], total: ['1 bestand, ', '2 bestanden, '] },
] as const;

describe('plural forms on the recipient pages', () => {
  test.each(languages)('$locale: one file and two files, on the landing page and the opened message', async (lang) => {
    for (const [index, message] of [one, two].entries()) {
      const landing = lang.landing[index] ?? '';
      const filesTotal = lang.total[index] ?? '';
      const { context, page } = await newPage(browser, { locale: lang.locale });
      await page.goto(message.link);
      await page.getByRole('heading', { name: lang.title }).waitFor();
      const facts = await page.locator('.rp-landing p.rp-muted').allTextContents();
      expect(facts.filter((text) => text.startsWith(`${landing} · `)), `landing: ${facts.join(' | ')}`).toHaveLength(1);
      expect(await page.locator('.rp-badge svg.icon').count()).toBe(1);
      await assertClean(page, `${lang.locale} landing ${index + 1}`);

      await page.getByRole('button', { name: lang.open }).click();
      await page.getByRole('heading', { name: 'Plurals' }).waitFor();
      await page.locator('.rp-file-name').first().waitFor();
      const totals = await page.locator('.rp-files p.rp-muted').allTextContents();
      expect(totals.filter((text) => text.startsWith(filesTotal)), `files total: ${totals.join(' | ')}`).toHaveLength(1);
      await assertClean(page, `${lang.locale} message ${index + 1}`);
      await context.close();
    }
  });
});

describe('icons', () => {
  test('the sender pages draw every icon as SVG: brand mark, remove-recipient button', async () => {
    const { context, page } = await newPage(browser, { locale: 'en-GB' });
    const email = `icons-x${randomBytes(3).toString('hex')}@example.org`;
    const seen = await server.seenIds();
    await page.goto(`${server.url}/send`);
    await page.locator('input[type=email]').fill(email);
    await expect.poll(() => page.locator('.brand svg.icon').count()).toBe(1);
    await assertClean(page, 'verify page');
    await page.locator('button[type=submit]').click();
    const mail = await server.waitFor((i) => i.kind === 'mail' && (i.mail?.to.some((t) => t.address === email) ?? false), seen);
    await page.locator('input[autocomplete=one-time-code]').fill(codeIn(mail.mail?.text ?? ''));
    await page.locator('button[type=submit]').click();
    await page.locator('form.compose').waitFor();
    await page.getByLabel('Recipients', { exact: true }).fill('someone@example.net');
    await page.getByLabel('Recipients', { exact: true }).press('Enter');
    const remove = page.getByRole('button', { name: 'Remove someone@example.net' });
    await remove.waitFor();
    expect(await remove.locator('svg.icon').count()).toBe(1);
    await assertClean(page, 'compose page');
    await context.close();
  });
});
