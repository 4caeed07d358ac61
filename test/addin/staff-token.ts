// A staff member as the add-in holds one after signing in: an organisation created for real, the admin enrolled over
// HTTP (password, TOTP, personal key: test/web/account-support/staff-world.ts), and a personal access token created
// with that browser session, the token the device sign-in (/cli/approve) hands the add-in.
import { expect } from 'vitest';
import { defaultAccountPolicy } from '../../src/core/accounts/context.ts';
import type { OrgSettings } from '../../src/core/accounts/model.ts';
import { createOrganisation } from '../../src/core/accounts/organisations.ts';
import { enrolOverHttp } from '../web/account-support/staff-world.ts';
import type { WebWorld } from '../web/sender-support/harness.ts';
import type { TestSession } from './sender-token.ts';

export const STAFF_PASSWORD = 'a long and unusual passphrase 7';

export interface StaffSession extends TestSession {
  orgId: string;
  /** The enrolment's browser session (cookie and CSRF header), for admin calls in the test. */
  browser: Record<string, string>;
}

export async function staffSession(world: WebWorld, name: string, settings: Partial<OrgSettings> = {}): Promise<StaffSession> {
  const accounts = { repos: world.runtime.repos, clock: { now: () => new Date() }, secrets: world.runtime.transfers.secrets, policy: defaultAccountPolicy, publicUrl: world.url };
  const email = `anna@${name}.example`;
  const created = await createOrganisation(accounts, { name: `Praxis ${name}`, domains: [`${name}.example`], adminEmail: email, settings }, null);
  const { session } = await enrolOverHttp(world.url, created.invitationUrl, STAFF_PASSWORD);
  const browser = { ...session, 'sec-fetch-site': 'same-origin' };
  const res = await fetch(`${world.url}/api/account/tokens`, { method: 'POST', headers: { 'content-type': 'application/json', ...browser }, body: JSON.stringify({ name: 'Outlook add-in' }) });
  expect(res.status, await res.clone().text()).toBe(201);
  const { token, id } = (await res.json()) as { token: string; id: string };
  return { token, tokenId: id, email, orgId: created.org.id, browser };
}
