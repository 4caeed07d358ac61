// Browser-test harness for the recipient pages: a real Sealpost server in-process (createRuntime, temp DATA_DIR,
// dev mailbox, manual clock), messages created with the real CLI (`sealpost send --no-notify` prints the links),
// and Debian's Chromium driven by playwright-core.
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createManualClock } from '../../../src/adapters/clock/system-clock.ts';
import { createRuntime, type Runtime } from '../../../src/cli/serve/runtime.ts';
import { loadConfig } from '../../../src/config/load-config.ts';
import { cli, codeIn, repoRoot, tempDir } from '../../e2e/harness.ts';
import { freePort } from '../../support/free-port.ts';

export const screenshotDir = path.join(repoRoot, 'test-results', 'screenshots');

/** Builds web/dist when missing or stale (the shell's helper, also used by test/web/global-setup.ts). */
export { ensureWebBuild } from '../sender-support/web-build.ts';


export interface MailboxItem {
  id: string;
  kind: 'mail' | 'sms';
  mail?: { to: Array<{ address: string }>; subject: string; text: string };
  sms?: { to: string; text: string };
}

export async function startServer(env: Record<string, string> = {}) {
  const dataDir = tempDir('sp-web-recipient-');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const clock = createManualClock(new Date());
  const config = loadConfig({
    env: { HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: url, DATA_DIR: dataDir, LOG_LEVEL: 'silent', DEV_MAILBOX: 'true', ...env },
    cwd: dataDir,
  });
  const runtime: Runtime = await createRuntime(config, { logger: pino({ level: 'silent' }), version: 'web-test', clock });
  await runtime.start();

  const mailbox = async (): Promise<MailboxItem[]> => ((await (await fetch(`${url}/api/dev/mailbox?limit=500`)).json()) as { items: MailboxItem[] }).items;
  /** Waits for a caught mail or SMS matching `match` that is not among `seen` ids. */
  const waitFor = async (match: (item: MailboxItem) => boolean, seen: ReadonlySet<string> = new Set()): Promise<MailboxItem> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = (await mailbox()).find((item) => !seen.has(item.id) && match(item));
      if (found) return found;
      if (Date.now() > deadline) throw new Error('timed out waiting for the dev mailbox');
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return {
    url,
    runtime,
    clock,
    mailbox,
    waitFor,
    async seenIds(): Promise<Set<string>> {
      return new Set((await mailbox()).map((i) => i.id));
    },
    async stop() {
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
export type TestServer = Awaited<ReturnType<typeof startServer>>;

export interface Sender {
  email: string;
  configDir: string;
}

/** A guest sender logged in with the CLI, the login code read from the dev mailbox. */
export async function loginSender(server: TestServer, email: string): Promise<Sender> {
  const configDir = tempDir('sp-web-sender-');
  const seen = await server.seenIds();
  const first = await cli(['login', '--server', server.url, '--email', email], { configDir });
  if (first.code !== 0) throw new Error(`login failed: ${first.stderr}`);
  const mail = await server.waitFor((i) => i.kind === 'mail' && (i.mail?.to.some((t) => t.address === email) ?? false), seen);
  const second = await cli(['login', '--code', codeIn(mail.mail?.text ?? '')], { configDir });
  if (second.code !== 0) throw new Error(`login --code failed: ${second.stderr}`);
  return { email, configDir };
}

export interface SentMessage {
  id: string;
  link: string;
  recipientId: string;
}

/** `sealpost send --no-notify --json`: the link comes back to us instead of being mailed. */
export async function sendMessage(sender: Sender, options: { to: string; verify: string; subject: string; message: string; files: string[]; expires?: string }): Promise<SentMessage> {
  const result = await cli([
    'send', '--to', options.to, '--verify', options.verify, '--subject', options.subject, '--message', options.message,
    '--no-notify', '--json', ...(options.expires ? ['--expires', options.expires] : []), ...options.files,
  ], { configDir: sender.configDir });
  if (result.code !== 0) throw new Error(`send failed: ${result.stderr}`);
  const parsed = JSON.parse(result.stdout) as { id: string; recipients: Array<{ link?: string }> };
  const link = parsed.recipients[0]?.link;
  if (!link) throw new Error('no link printed');
  const recipientId = /\/r\/([A-Za-z0-9_-]{22})#/.exec(link)?.[1] ?? '';
  return { id: parsed.id, link, recipientId };
}

export async function recall(sender: Sender, id: string): Promise<void> {
  const result = await cli(['recall', id], { configDir: sender.configDir });
  if (result.code !== 0) throw new Error(`recall failed: ${result.stderr}`);
}

export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
}

export async function newPage(browser: Browser, options: { locale?: string; phone?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    acceptDownloads: true,
    locale: options.locale ?? 'en-GB',
    viewport: options.phone ? { width: 390, height: 844 } : { width: 1280, height: 800 },
    ...(options.phone ? { deviceScaleFactor: 2, isMobile: true, hasTouch: true } : {}),
  });
  const page = await context.newPage();
  return { context, page };
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

/** Runs axe-core in the page; returns the serious and critical violations (id and first target). */
export async function seriousA11yViolations(page: Page): Promise<Array<{ id: string; impact: string; targets: string[] }>> {
  const source = await import('node:fs/promises').then((fs) => fs.readFile(path.join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8'));
  // Injected through the devtools protocol, not a <script> tag: the page's CSP rightly forbids inline script.
  await page.evaluate(source);
  const results = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: Document, opts: unknown): Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: string[] }> }> }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact ?? '', targets: v.nodes.map((n) => n.target.join(' ')) }));
}
