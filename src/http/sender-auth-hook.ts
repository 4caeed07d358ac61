import type { FastifyRequest } from 'fastify';
import type { TransferContext } from '../core/transfers/context.ts';
import { authenticateSender, type SenderPrincipal } from '../core/transfers/sender-auth.ts';
import { principalOf, type AuthRequirement } from './principal.ts';
import { bearerToken } from './request-context.ts';

export interface SenderAuth {
  /** Route `config.auth` entry: a guest sender's bearer token (checked by the principal plugin before the body is read). */
  guest: AuthRequirement<'guest'>;
  /** The verified sender of a request that passed it. */
  sender(request: FastifyRequest): SenderPrincipal;
}

export function guestRequirement(ctx: TransferContext): AuthRequirement<'guest'> {
  return { kind: 'guest', resolve: async (request) => ({ kind: 'guest', sender: await authenticateSender(ctx, bearerToken(request)) }) };
}

export function createSenderAuth(ctx: TransferContext): SenderAuth {
  return {
    guest: guestRequirement(ctx),
    sender: (request) => principalOf(request, 'guest').sender,
  };
}
