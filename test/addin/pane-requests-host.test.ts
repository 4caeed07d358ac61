// What the task pane asks its server when it opens and while the user writes: every card needs the sender's
// agreements, but they are read once (addin/src/sender-api.ts), and what the server remembers per address is asked
// once per recipient, not again for all of them whenever a recipient is added (verification-menu.tsx). Counted on the
// real built pane in Chromium against a real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebWorld, type WebWorld } from '../web/sender-support/harness.ts';
import { composeItem, fileAttachment, OfficeHost } from './office-host.ts';
import { sessionStorageKey } from './pane-support.ts';
import { staffSession, type StaffSession } from './staff-token.ts';

let world: WebWorld;
let staff: StaffSession;

beforeAll(async () => {
  world = await startWebWorld();
  staff = await staffSession(world, 'requests');
}, 180_000);

afterAll(async () => {
  await world?.close();
});

describe('the task pane’s requests', () => {
  it('reads the agreements once for all its cards, and each recipient’s remembered verification once', async () => {
    const host = new OfficeHost({
      displayLanguage: 'en-GB',
      item: composeItem({ attachments: [fileAttachment('a1', 'brief.pdf', new Uint8Array(100))], to: [{ displayName: 'A', emailAddress: 'a@praxis.example' }, { displayName: 'B', emailAddress: 'b@praxis.example' }] }),
    });
    const { page, context } = await world.newPage({ locale: 'en-GB' });
    const asked: Record<string, number> = {};
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/api/')) asked[path] = (asked[path] ?? 0) + 1;
    });
    try {
      await context.addInitScript(([key, value]) => localStorage.setItem(key, value), [sessionStorageKey, JSON.stringify(staff)] as const);
      await host.attach(page);
      await page.goto(`${world.url}/addin/taskpane.html`);
      // The cards that read the agreements: the mode, the verification menu, the notices, the large attachments.
      await page.getByRole('group', { name: 'b@praxis.example' }).waitFor();
      await page.getByRole('region', { name: 'Large attachments' }).getByText('No attachment is larger than 20 MiB.').waitFor();
      await page.getByRole('region', { name: 'Security notices' }).waitFor();
      await expect.poll(() => ({ ...asked })).toEqual({ '/api/sender/agreements': 1, '/api/security-notices/rules': 1, '/api/sender/recipient-preferences': 2 });

      await host.changeItem(page, { to: [...host.item.to, { displayName: 'C', emailAddress: 'c@praxis.example' }] }, ['RecipientsChanged']);
      await page.getByRole('group', { name: 'c@praxis.example' }).waitFor();
      await expect.poll(() => ({ ...asked })).toEqual({ '/api/sender/agreements': 1, '/api/security-notices/rules': 1, '/api/sender/recipient-preferences': 3 });
    } finally {
      await context.close();
    }
  });
});
