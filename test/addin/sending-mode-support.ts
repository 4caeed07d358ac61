// Puts an organisation on the add-in's end-to-end sending mode, as its admin does in the console (the agreement
// addinSendingMode, PATCH /api/org/agreements with the admin's browser session).
import { expect } from 'vitest';
import type { WebWorld } from '../web/sender-support/harness.ts';
import type { StaffSession } from './staff-token.ts';

export function useEndToEnd(world: WebWorld, staff: StaffSession): Promise<void> {
  return setAgreements(world, staff, { addinSendingMode: 'end-to-end' });
}

/** Changes workplace agreements as the organisation's admin does (PATCH /api/org/agreements), e.g. largeAttachmentMiB. */
export async function setAgreements(world: WebWorld, staff: StaffSession, changes: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${world.url}/api/org/agreements`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...staff.browser }, body: JSON.stringify(changes) });
  expect(res.status, await res.clone().text()).toBe(200);
}
