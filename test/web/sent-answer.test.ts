// "Answer securely" (issue 12, docs/recipient-inbox.md "Conversations") in Debian's Chromium against a real server:
// the sender's message is answered by the recipient with the CLI (text and a file); the sent item shows the reply with
// "Answer securely", which opens compose to the replier with "Re: subject" and the thread marked; the answer sent from
// the browser continues the conversation (the server stores the root), and both sent items show "Part of a
// conversation" linking to each other. Accessible (axe).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../e2e/harness.ts';
import { linkIn, seriousViolations, signIn, startWebWorld, type WebWorld } from './sender-support/harness.ts';

let world: WebWorld;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'sp-web-answer-'));

beforeAll(async () => {
  world = await startWebWorld();
}, 180_000);
afterAll(async () => {
  await world?.close();
});

describe('answer securely', () => {
  it('opens compose from a reply, sends the answer in the thread, and links the conversation both ways', async () => {
    const { page, problems, context } = await world.newPage();
    await signIn(world, page, 'alice@sender.example');
    const seen = new Set((await world.mailbox()).map((m) => m.id));
    const recipients = page.getByLabel('Recipients', { exact: true });
    await recipients.fill('bob@recipient.example');
    await recipients.press('Enter');
    await page.locator('summary', { hasText: 'bob@recipient.example' }).click();
    await page.getByRole('radio', { name: 'Access code' }).check();
    await page.getByRole('textbox', { name: 'Access code' }).fill('correct horse battery');
    await page.getByLabel('Subject', { exact: true }).fill('Lab results');
    await page.getByLabel('Message', { exact: true }).fill('See the portal.');
    await page.getByRole('button', { name: 'Check and send' }).click();
    await page.getByRole('button', { name: 'Encrypt and send' }).click();
    await page.getByRole('heading', { name: 'Message sent' }).waitFor({ timeout: 60_000 });
    const link = linkIn((await world.nextMail('bob@recipient.example', /\/r\//, seen)).text);

    // Bob replies with the CLI, with a file.
    const attachment = path.join(tmp, 'questions.bin');
    writeFileSync(attachment, randomBytes(30_000));
    const reply = await cli(['reply', link, '--code', 'correct horse battery', '--message', 'Two questions.', attachment], { configDir: mkdtempSync(path.join(tmp, 'cfg-')) });
    expect(reply.stderr).toBe('');
    expect(reply.code).toBe(0);

    await page.getByRole('link', { name: 'View in sent items' }).click();
    await page.getByRole('heading', { name: 'Lab results' }).waitFor();
    const rootId = new URL(page.url()).pathname.split('/').pop() ?? '';
    await page.getByText('Two questions.').waitFor();
    expect(await page.getByTestId('thread').count()).toBe(0);
    await page.getByRole('button', { name: 'Answer bob@recipient.example securely' }).click();

    // Compose, prefilled: the replier, "Re: subject", the thread marked; the subject is not in the address bar.
    await page.getByRole('heading', { name: 'New secure message' }).waitFor();
    expect(await page.getByTestId('answering').innerText()).toContain('continues the conversation with bob@recipient.example');
    expect(await page.getByLabel('Subject', { exact: true }).inputValue()).toBe('Re: Lab results');
    expect(page.url()).not.toContain('Lab');
    await page.locator('summary', { hasText: 'bob@recipient.example' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('summary', { hasText: 'bob@recipient.example' }).click();
    const code = page.getByRole('textbox', { name: 'Access code' });
    if ((await code.count()) > 0 && (await code.inputValue()) === '') await code.fill('correct horse battery');
    await page.getByLabel('Message', { exact: true }).fill('Answers attached.');
    await page.getByRole('button', { name: 'Check and send' }).click();
    await page.getByRole('button', { name: 'Encrypt and send' }).click();
    await page.getByRole('heading', { name: 'Message sent' }).waitFor({ timeout: 60_000 });

    // The answer continues the root's conversation; its sent item links back to the root, and the root to it.
    await page.getByRole('link', { name: 'View in sent items' }).click();
    await page.getByRole('heading', { name: 'Re: Lab results' }).waitFor();
    const answerId = new URL(page.url()).pathname.split('/').pop() ?? '';
    expect((await world.runtime.repos.transfers.get(answerId))?.threadId).toBe(rootId);
    const thread = page.getByTestId('thread');
    await thread.getByRole('heading', { name: 'Part of a conversation' }).waitFor();
    expect(await thread.getByRole('listitem').count()).toBe(2);
    expect(await thread.locator('[aria-current="page"]').innerText()).toContain('this message');
    expect(await seriousViolations(page)).toEqual([]);
    await thread.getByRole('link').click();
    await page.getByRole('heading', { name: 'Lab results' }).waitFor();
    await page.getByTestId('thread').getByRole('link').waitFor();
    expect(new URL(await page.getByTestId('thread').getByRole('link').evaluate((a) => (a as HTMLAnchorElement).href)).pathname).toBe(`/sent/${answerId}`);
    expect(problems).toEqual([]);
    await context.close();
  });
});
