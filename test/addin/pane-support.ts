// Opening the add-in's built pages in Chromium inside the Office.js test host, as the host tests all do: a page of a
// fresh browser context (or of one the test keeps, to share its local storage), signed in with a token the way the
// task pane keeps it, office.js replaced by the host, then the page loaded from the real server. And pressing Send:
// the event runtime's page (commands.html) on the same message, its handler run once.
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { horizontalOverflow, seriousViolations, type WebWorld } from '../web/sender-support/harness.ts';
import { OfficeHost, type SendCompletion } from './office-host.ts';

export const sessionStorageKey = 'sealpost.addin.session';

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  problems: string[];
}

export interface OpenOptions {
  file?: 'taskpane.html' | 'commands.html';
  /** The add-in's session put in local storage before the page loads; none = signed out. */
  session?: { token: string; email: string } | undefined;
  locale?: string;
  height?: number;
  /** A context the test keeps (its local storage carries over); its page problems are not collected. */
  context?: BrowserContext;
  attach?: Parameters<OfficeHost['attach']>[1];
}

export async function openAddinPage(world: WebWorld, host: OfficeHost, options: OpenOptions = {}): Promise<OpenedPage> {
  const opened = options.context
    ? { context: options.context, page: await options.context.newPage(), problems: [] as string[] }
    : await world.newPage({ locale: options.locale ?? 'de-DE', viewport: { width: 320, height: options.height ?? 800 } });
  if (options.session && !options.context) await opened.context.addInitScript(([key, value]) => localStorage.setItem(key, value), [sessionStorageKey, JSON.stringify(options.session)] as const);
  await host.attach(opened.page, options.attach);
  await opened.page.goto(`${world.url}/addin/${options.file ?? 'taskpane.html'}`);
  return opened;
}

/** Waits until the event runtime's page has registered its Send handler. */
export async function handlerReady(page: Page): Promise<void> {
  await page.waitForFunction(() => (globalThis as unknown as { __officeHost?: { handlers(): string[] } }).__officeHost?.handlers().includes('onMessageSendHandler'));
}

/** Presses Send in Outlook: commands.html in the given context (its local storage: the pane's token and mode). */
export async function pressSend(world: WebWorld, host: OfficeHost, context: BrowserContext): Promise<SendCompletion> {
  const { page } = await openAddinPage(world, host, { file: 'commands.html', context });
  try {
    await handlerReady(page);
    return await OfficeHost.send(page);
  } finally {
    await page.close();
  }
}

/** A recipient's verification as the pane stores it on the item (recipient-choices.ts). */
export const recipientChoice = (method: string, lang: 'de' | 'nl' | 'en' = 'de') => ({ method, phone: '', lang, rememberedFrom: null, maskedPhone: null });

/** What every pane must be at 320 px: no serious axe violation, no horizontal scroll, and (given) no page error or CSP refusal. */
export async function expectUsablePane(page: Page, problems?: readonly string[]): Promise<void> {
  expect(await seriousViolations(page)).toEqual([]);
  expect(await horizontalOverflow(page)).toBe(0);
  if (problems) expect(problems).toEqual([]);
}
