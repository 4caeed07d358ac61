import type { FastifyRequest } from 'fastify';
import type { TransferContext } from '../core/transfers/context.ts';
import type { RecipientRecord, TransferRecord } from '../core/transfers/model.ts';
import { authenticateRecipient } from '../core/transfers/recipient-access.ts';
import { principalOf, type AuthRequirement } from './principal.ts';
import { bearerToken } from './request-context.ts';

export type RecipientAccess = { transfer: TransferRecord; recipient: RecipientRecord };

export interface RecipientAuth {
  /** Route `config.auth` entry on `/api/r/:rid/…`: checked before the body is read, so large bodies need a session. */
  recipient: AuthRequirement<'recipient'>;
  /** The verified recipient of a request that passed it. */
  access(request: FastifyRequest): RecipientAccess;
}

export function createRecipientAuth(ctx: TransferContext): RecipientAuth {
  return {
    recipient: {
      kind: 'recipient',
      resolve: async (request) => {
        const { rid } = request.params as { rid?: unknown };
        return { kind: 'recipient', ...(await authenticateRecipient(ctx, typeof rid === 'string' ? rid : '', bearerToken(request))) };
      },
    },
    access(request) {
      const { transfer, recipient } = principalOf(request, 'recipient');
      return { transfer, recipient };
    },
  };
}
