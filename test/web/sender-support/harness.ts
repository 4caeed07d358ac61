// Browser-test world for the sender pages: a real Sealpost server in-process (embedded mode: SQLite, temp DATA_DIR,
// dev mailbox catching mail and SMS) serving the built web app, and Debian's Chromium driven by playwright-core.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createRuntime, type Runtime } from '../../../src/cli/serve/runtime.ts';
import { loadConfig } from '../../../src/config/load-config.ts';
import type { Clock } from '../../../src/core/ports/clock.ts';
import { ensureWebBuild, repoRoot } from './web-build.ts';
import { freePort } from '../../support/free-port.ts';

export { repoRoot };
export const screenshotDir = path.join(repoRoot, 'test-results/screenshots');


interface MailboxItem {
  id: string;
  kind: 'mail' | 'sms';
  mail?: { to: Array<{ address: string }>; subject: string; text: string };
  sms?: { to: string; text: string };
}

export interface WebWorld {
  url: string;
  runtime: Runtime;
  browser: Browser;
  dataDir: string;
  /** Newest-first dev mailbox items. */
  mailbox(): Promise<MailboxItem[]>;
  /** Waits for a mail to `to` whose text matches, not among `seen` ids. */
  nextMail(to: string, match: RegExp, seen?: Set<string>): Promise<{ id: string; subject: string; text: string }>;
  newPage(options?: { locale?: string; viewport?: { width: number; height: number } }): Promise<{ context: BrowserContext; page: Page; problems: string[] }>;
  close(): Promise<void>;
}

/**
 * `hostname: 'localhost'` serves the same loopback socket under PUBLIC_URL http://localhost:PORT: WebAuthn needs a
 * domain as its RP ID (an IP address is refused), and Chromium treats localhost as a secure context.
 * `clock`: a test clock for the server (codes, throttles and sessions move when the test says, not by sleeping).
 */
export async function startWebWorld(env: Record<string, string> = {}, options: { hostname?: '127.0.0.1' | 'localhost'; clock?: Clock } = {}): Promise<WebWorld> {
  ensureWebBuild();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sp-web-'));
  const port = await freePort();
  const url = `http://${options.hostname ?? '127.0.0.1'}:${port}`;
  const config = loadConfig({
    env: { HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: url, DATA_DIR: dataDir, LOG_LEVEL: 'silent', DEV_MAILBOX: 'true', ...env },
    cwd: dataDir,
  });
  const runtime = await createRuntime(config, { logger: pino({ level: 'silent' }), version: 'web-test', ...(options.clock ? { clock: options.clock } : {}) });
  await runtime.start();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const mailbox = async (): Promise<MailboxItem[]> => {
    const response = await fetch(`${url}/api/dev/mailbox?limit=500`);
    return ((await response.json()) as { items: MailboxItem[] }).items;
  };
  return {
    url,
    runtime,
    browser,
    dataDir,
    mailbox,
    async nextMail(to, match, seen = new Set()) {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const found = (await mailbox()).find((m) => m.kind === 'mail' && !seen.has(m.id) && m.mail?.to.some((a) => a.address.toLowerCase() === to.toLowerCase()) && match.test(m.mail.text));
        if (found?.mail) return { id: found.id, subject: found.mail.subject, text: found.mail.text };
        if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${String(match)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async newPage(options = {}) {
      const context = await browser.newContext({
        locale: options.locale ?? 'en-GB',
        viewport: options.viewport ?? { width: 1280, height: 800 },
        acceptDownloads: true,
      });
      const page = await context.newPage();
      // Any CSP violation or uncaught error is a bug: the app must run under the server's strict policy.
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(`csp: ${m.text()}`);
      });
      return { context, page, problems };
    },
    async close() {
      await browser.close();
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const axeSource = readFileSync(path.join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Runs axe-core (WCAG 2.1 A/AA) on the page; returns serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated over the DevTools protocol, so the page's CSP (no inline script) does not apply to the injection.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => JSON.stringify(n.target)) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

/** Horizontal overflow in CSS pixels (0 = nothing cut off or scrolling sideways). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * Screenshots at desktop (1280x800) and phone (390x844) size; at phone width and at 640 px (1280 px at 200 % zoom)
 * nothing may overflow sideways. Returns the overflow measured at each narrow width.
 */
export async function screenshotBoth(page: Page, name: string): Promise<{ phone: number; zoom200: number }> {
  await page.setViewportSize({ width: 1280, height: 800 });
  await screenshot(page, `${name}-desktop`);
  await page.setViewportSize({ width: 640, height: 400 });
  const zoom200 = await horizontalOverflow(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `${name}-phone`);
  const phone = await horizontalOverflow(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  return { phone, zoom200 };
}

export function codeIn(text: string): string {
  const match = /\b(\d{6,10})\b/.exec(text);
  if (!match?.[1]) throw new Error(`no code in: ${text}`);
  return match[1];
}

export function linkIn(text: string): string {
  const match = /(https?:\/\/\S+\/r\/[A-Za-z0-9_-]+#[A-Za-z0-9_-]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no link in: ${text}`);
  return match[1];
}

/** Signs a guest sender in through the verification page (code from the dev mailbox), in any UI language. */
export async function signIn(world: WebWorld, page: Page, email: string): Promise<void> {
  const seen = new Set((await world.mailbox()).map((m) => m.id));
  await page.goto(`${world.url}/send`);
  await page.locator('input[type=email]').fill(email);
  await page.locator('button[type=submit]').click();
  const mail = await world.nextMail(email, /\d{6}/, seen);
  await page.locator('input[autocomplete=one-time-code]').fill(codeIn(mail.text));
  await page.locator('button[type=submit]').click();
  await page.locator('form.compose').waitFor();
}
