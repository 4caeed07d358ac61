// The staff member's side of the organisation recovery key (docs/security.md, "A staff member loses every factor"),
// loaded only when a key is stored or unlocked: under the policy 'org-key' every personal key is also encrypted on this
// device to the organisation's recovery public key (the escrow, which the server keeps but cannot open), and the
// earlier identities an admin restored are opened here with the current one. Crypto only through src/crypto.
import { staffRequest, type KeyRecoveryChoice, type Me, type StoredPersonalKey } from './staff-api.ts';

const crypto = () => import('../../../src/crypto/index.ts');

export function keyRecoveryChoice(): Promise<KeyRecoveryChoice> {
  return staffRequest<KeyRecoveryChoice>('GET', '/api/account/key-recovery');
}

/** The recipient escrows must be made for now, or null when the organisation keeps no recovery key. */
function escrowRecipientOf(choice: KeyRecoveryChoice): string | null {
  return choice.policy === 'org-key' && choice.recoveryPublicKey ? choice.recoveryPublicKey : null;
}

/** The escrow binds the key to its owner, so a restore can check it goes back to the same person. */
async function escrowFor(identity: string, recoveryRecipient: string): Promise<string> {
  const me = await staffRequest<Me>('GET', '/api/account/me');
  if (!me.userId) throw new Error('The server did not say who is signed in (userId); the key escrow cannot be made');
  const c = await crypto();
  return c.toBase64Url(await c.escrowPersonalKey({ identity, recoveryRecipient, orgId: me.orgId, userId: me.userId }));
}

/** What PUT /api/account/personal-key carries besides the wraps: nothing, or the escrow and its recipient. */
export async function escrowFields(identity: string): Promise<{ escrow?: string; escrowRecipient?: string }> {
  const recipient = escrowRecipientOf(await keyRecoveryChoice());
  if (!recipient) return {};
  return { escrow: await escrowFor(identity, recipient), escrowRecipient: recipient };
}

/**
 * A key stored before the organisation chose its recovery key (or before the admin replaced it) is escrowed on its
 * next unlock: the one moment its identity is in the clear on a device.
 */
export async function catchUpEscrow(identity: string, stored: StoredPersonalKey): Promise<void> {
  const recipient = escrowRecipientOf(await keyRecoveryChoice());
  if (!recipient || stored.escrowRecipient === recipient) return;
  const escrow = await escrowFor(identity, recipient);
  await staffRequest<void>('PUT', '/api/account/personal-key/escrow', { publicKey: stored.publicKey, escrow, escrowRecipient: recipient });
}

/**
 * The identities an admin restored to the current key. One that does not open (or claims another public key than it
 * holds) is skipped with a console warning: the others, and the current key, still work.
 */
export async function openRestoredKeys(identity: string, stored: StoredPersonalKey): Promise<string[]> {
  const restored = stored.restoredKeys ?? [];
  if (restored.length === 0) return [];
  const c = await crypto();
  const opened: string[] = [];
  for (const entry of restored) {
    try {
      const key = await c.openRestoredKey({ wrapped: c.fromBase64Url(entry.wrapped), personalIdentity: identity });
      if (key.publicKey === entry.publicKey) opened.push(key.identity);
      else console.warn('Sealpost: a restored key holds another key than the server lists; skipped', entry.publicKey);
    } catch (error) {
      console.warn('Sealpost: a restored key did not open; skipped', entry.publicKey, error);
    }
  }
  return opened;
}
