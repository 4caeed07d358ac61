import type { FastifyRequest } from 'fastify';
import { viaGateway } from '../core/accounts/gateway-credentials.ts';
import { SealpostError } from '../core/errors.ts';
import type { TransferContext } from '../core/transfers/context.ts';
import { authenticateSender, type SenderPrincipal } from '../core/transfers/sender-auth.ts';
import type { AnyAuthRequirement, AuthRequirement } from './principal.ts';
import { bearerToken } from './request-context.ts';
import type { StaffAuth } from './staff-auth.ts';

export interface SenderAuth {
  /** Route `config.auth` entry: a guest sender's bearer token (checked by the principal plugin before the body is read). */
  guest: AuthRequirement<'guest'>;
  /** Who may send: a guest sender and, where accounts are wired, a signed-in staff member (session or `send` token). */
  senders: AnyAuthRequirement[];
  /** The verified sender of a request that passed one of them. */
  sender(request: FastifyRequest): SenderPrincipal;
}

export function guestRequirement(ctx: TransferContext): AuthRequirement<'guest'> {
  return { kind: 'guest', resolve: async (request) => ({ kind: 'guest', sender: await authenticateSender(ctx, bearerToken(request)) }) };
}

export function createSenderAuth(ctx: TransferContext, staff?: StaffAuth): SenderAuth {
  const guest = guestRequirement(ctx);
  return {
    guest,
    senders: staff ? [guest, staff.sender] : [guest],
    sender(request) {
      const principal = request.principal;
      if (principal.kind === 'guest') return principal.sender;
      if (principal.kind !== 'staff') throw new Error(`route expected a sender, got ${principal.kind}`);
      // Sent items are encrypted to the sender's personal key: a staff member stores theirs (wrapped) first.
      if (!principal.publicKey) throw new SealpostError('SP_ERR_CONFLICT', { message: 'Set up your personal key first', details: { reason: 'personal_key_missing' } });
      return { email: principal.email, publicKey: principal.publicKey, expiresAt: principal.sessionExpiresAt, staff: { userId: principal.userId, orgId: principal.orgId, ...(viaGateway(principal) ? { via: 'gateway' as const } : {}) } };
    },
  };
}
