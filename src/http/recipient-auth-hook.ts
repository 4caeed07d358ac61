import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { TransferContext } from '../core/transfers/context.ts';
import type { RecipientRecord, TransferRecord } from '../core/transfers/model.ts';
import { authenticateRecipient } from '../core/transfers/recipient-access.ts';
import { bearerToken } from './request-context.ts';

export type RecipientAccess = { transfer: TransferRecord; recipient: RecipientRecord };

export interface RecipientAuth {
  /** Route option `onRequest` on `/api/r/:rid/…`: refuses before the body is read, so large bodies need a session. */
  hook: onRequestAsyncHookHandler;
  /** The verified recipient of a request that passed the hook. */
  access(request: FastifyRequest): RecipientAccess;
}

export function createRecipientAuth(ctx: TransferContext): RecipientAuth {
  const verified = new WeakMap<FastifyRequest, RecipientAccess>();
  return {
    hook: async (request) => {
      const { rid } = request.params as { rid?: unknown };
      verified.set(request, await authenticateRecipient(ctx, typeof rid === 'string' ? rid : '', bearerToken(request)));
    },
    access(request) {
      const access = verified.get(request);
      if (!access) throw new Error('recipient auth hook missing on this route');
      return access;
    },
  };
}
