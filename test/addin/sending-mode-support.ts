// Puts an organisation on the add-in's end-to-end sending mode. Until the admin's agreement exists, the mode the pane
// and the send handler read is the cached one in the add-in's localStorage.
import type { WebWorld } from '../web/sender-support/harness.ts';
import type { StaffSession } from './staff-token.ts';

export async function useEndToEnd(_world: WebWorld, _staff: StaffSession): Promise<void> {
  // Filled in with the agreement (feat/addin-mode).
}
