import { organisationsOfAddress } from '../accounts/organisations.ts';
import { audit } from '../audit/audit.ts';
import { SealpostError } from '../errors.ts';
import type { RequestMeta, TransferContext } from './context.ts';

/**
 * Guest senders (e-mail code, 30 days) may use an organisation's addresses only where it allows them
 * (`guestSendersAllowed`, docs/accounts.md): otherwise its people sign in with their account. An address of no
 * organisation keeps the ORG_DOMAINS rules. A refusal is audited in each refusing organisation's chain.
 */
export async function assertGuestSenderAllowed(ctx: TransferContext, email: string, meta: RequestMeta): Promise<void> {
  const refusing = (await organisationsOfAddress(ctx, email)).filter((org) => !org.settings.guestSendersAllowed);
  if (refusing.length === 0) return;
  const now = ctx.clock.now();
  for (const org of refusing) await audit(ctx.repos, now, meta, { orgId: org.id, action: 'sender.guest_refused', actor: email });
  throw new SealpostError('SP_ERR_GUEST_SENDER_NOT_ALLOWED', { details: { signIn: true } });
}
