/**
 * Who a protected mail is sent as (docs/gateway/portal.md, "The sender"): the active staff member whose address the
 * envelope sender is. An address in one of the organisations' domains without an account is refused (never relayed
 * in clear, never dropped in silence): the sender's mail client shows the bounce with what to do.
 */
import type { Repositories } from '../../core/ports/repositories.ts';
import { GatewayRefusal } from '../handler.ts';

export interface GatewayStaffSender {
  userId: string;
  orgId: string;
  email: string;
  /** The personal key's public half (the sender's copy is encrypted to it); null until they set one up. */
  publicKey: string | null;
}

export const NOT_A_SENDER_YET = 'You are not a Sealpost sender yet: ask your administrator to invite you.';

/**
 * The staff member behind `mailFrom`; undefined when the address belongs to no organisation (not ours to protect as
 * a staff sender). GatewayRefusal 550 5.7.1 for an organisation's address without an active account.
 */
export async function staffForAddress(ctx: { repos: Repositories }, mailFrom: string): Promise<GatewayStaffSender | undefined> {
  const email = mailFrom.trim().toLowerCase();
  const at = email.lastIndexOf('@');
  if (at <= 0) return undefined;
  const users = await ctx.repos.users.findByEmail(email);
  // A disabled or locked account is no sender; one without a personal key yet is refused later, with what to do.
  const active = users.find((u) => !u.disabled && !u.lockedAt);
  if (active) return { userId: active.id, orgId: active.orgId, email: active.email, publicKey: active.publicKey };
  const orgs = await ctx.repos.organisations.findByDomains([email.slice(at + 1)]);
  if (orgs.length > 0 || users.length > 0) throw new GatewayRefusal(550, '5.7.1', NOT_A_SENDER_YET);
  return undefined;
}
