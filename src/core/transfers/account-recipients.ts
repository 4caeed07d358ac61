/**
 * Sending to a registered recipient (method `account`, docs/recipient-accounts.md). The sender's client fetched the
 * recipient's key, checked it against the key log and wrapped the message identity to it (an age file, no key split,
 * no link secret). The server checks only what it can: that the address has an account and that the key the client
 * wrapped to is the account's current one. A stale key (the recipient reset their password since the client looked)
 * is refused with 409 SP_ERR_RECIPIENT_KEY_CHANGED so the client fetches and checks the new key and wraps again;
 * storing it would make a message nobody can open.
 */
import { SealpostError } from '../errors.ts';
import type { Repositories } from '../ports/repositories.ts';
import type { RecipientRecord } from './model.ts';
import { recipientAccountLimits } from '../recipient-accounts/context.ts';
import { consumeLimits } from './rate-limits.ts';
import type { Clock } from '../ports/clock.ts';

/** The notification of an `account` recipient links to the message in their inbox: no secret, they sign in. */
export function inboxLink(publicUrl: string, recipientId: string): string {
  return `${publicUrl}/inbox/m/${recipientId}`;
}

function noAccount(emails: string[]): SealpostError {
  return new SealpostError('SP_ERR_CONFLICT', {
    message: `${emails.join(', ')} ${emails.length === 1 ? 'has' : 'have'} no Sealpost account: choose another verification method`,
    details: { reason: 'no_account', recipients: emails },
  });
}

/**
 * At compose: every recipient put on `account` must have an account (registration decides, not memory), and their
 * notification is in the language they chose for their account unless the sender chose one. Returns the recipients.
 */
export async function requireAccounts<R extends Pick<RecipientRecord, 'email' | 'method' | 'lang'>>(
  ctx: { repos: Repositories; clock: Clock },
  sender: string,
  recipients: R[],
  langChosen: (email: string) => boolean,
): Promise<R[]> {
  const { repos } = ctx;
  // The answer tells whether an address is registered, as GET /api/recipient-keys does: the same limit per sender.
  const asked = recipients.filter((r) => r.method === 'account').length;
  const lookup = { key: `racct-key-lookup:${sender}`, max: recipientAccountLimits.keyLookupsPerSender, windowMs: recipientAccountLimits.windowMs };
  for (let i = 0; i < asked; i += 1) await consumeLimits(repos, [lookup], ctx.clock.now());
  const missing: string[] = [];
  const out: R[] = [];
  for (const r of recipients) {
    const account = r.method === 'account' ? await repos.recipientAccounts.findByEmail(r.email) : undefined;
    if (r.method === 'account' && !account) missing.push(r.email);
    out.push(account && !langChosen(r.email) ? { ...r, lang: account.lang } : r);
  }
  if (missing.length > 0) throw noAccount(missing);
  return out;
}

/**
 * At send and resend: the key each `account` recipient's material was wrapped to is their account's current key.
 * Run inside the transaction that stores the material, so a reset that committed before it is seen.
 */
export async function checkAccountKeys(
  repos: Pick<Repositories, 'recipientAccounts'>,
  recipients: ReadonlyArray<{ recipient: Pick<RecipientRecord, 'id' | 'email' | 'method'>; accountKey: string | undefined }>,
): Promise<void> {
  const missing: string[] = [];
  for (const { recipient: r, accountKey } of recipients) {
    if (r.method !== 'account') continue;
    const account = await repos.recipientAccounts.findByEmail(r.email);
    if (!account) {
      missing.push(r.email);
      continue;
    }
    if (account.publicKey !== accountKey) {
      throw new SealpostError('SP_ERR_RECIPIENT_KEY_CHANGED', {
        message: `The key of ${r.email} has changed since it was checked: check the key log again and wrap to the new key`,
        details: { recipientId: r.id, email: r.email },
      });
    }
  }
  if (missing.length > 0) throw noAccount(missing);
}
