import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { TransferContext } from '../core/transfers/context.ts';
import { authenticateSender, type SenderPrincipal } from '../core/transfers/sender-auth.ts';
import { bearerToken } from './request-context.ts';

export interface SenderAuth {
  /** Route option `onRequest`: refuses before the body is even read, so anonymous clients cost nothing. */
  hook: onRequestAsyncHookHandler;
  /** The verified sender of a request that passed the hook. */
  sender(request: FastifyRequest): SenderPrincipal;
}

export function createSenderAuth(ctx: TransferContext): SenderAuth {
  const principals = new WeakMap<FastifyRequest, SenderPrincipal>();
  return {
    hook: async (request) => {
      principals.set(request, await authenticateSender(ctx, bearerToken(request)));
    },
    sender(request) {
      const principal = principals.get(request);
      if (!principal) throw new Error('sender auth hook missing on this route');
      return principal;
    },
  };
}
