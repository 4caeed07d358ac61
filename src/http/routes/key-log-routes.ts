import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RecipientAccountContext } from '../../core/recipient-accounts/context.ts';
import { keyLogPage, recipientKeyFor } from '../../core/recipient-accounts/key-log.ts';
import { keyLogPage as keyLogPageSchema, keyLogQuery, recipientKeyResponse } from '../../client/api-contract.ts';
import { iso } from '../request-context.ts';
import type { AnyAuthRequirement, Principal } from '../principal.ts';
import type { SenderAuth } from '../sender-auth-hook.ts';
import { recipientAccountRequirement } from './recipient-account-routes.ts';

const tags = ['recipient accounts'];
const security = [{ bearerAuth: [] }];
const emailParam = z.object({ email: z.email().max(254).transform((v) => v.toLowerCase()) }).strict();

/** Whom a key lookup counts against (a staff member needs no personal key just to look). */
function senderAddress(principal: Principal): string {
  if (principal.kind === 'guest') return principal.sender.email;
  if (principal.kind === 'staff') return principal.email;
  throw new Error(`route expected a sender, got ${principal.kind}`);
}

/**
 * The key log (docs/crypto.md, "Key log") for senders and registered recipients, and the current key of an address
 * for senders. Readers verify what they get (src/client/key-log.ts): the server is not trusted to tell the truth.
 */
export function keyLogRoutes(ctx: RecipientAccountContext, senders: SenderAuth): FastifyPluginAsyncZod {
  const readers: AnyAuthRequirement[] = [...senders.senders, recipientAccountRequirement(ctx)];
  return async (app) => {
    app.get(
      '/api/key-log',
      { config: { auth: readers }, schema: { tags, security, summary: 'Key log entries after `after`, oldest first, with its size and head', querystring: keyLogQuery, response: { 200: keyLogPageSchema } } },
      async (request) => keyLogPage(ctx, request.query),
    );
    app.get(
      '/api/recipient-keys/:email',
      { config: { auth: senders.senders }, schema: { tags, security, summary: "An address's registered key and the log entry that introduced it", params: emailParam, response: { 200: recipientKeyResponse } } },
      async (request) => {
        const key = await recipientKeyFor(ctx, request.params.email, senderAddress(request.principal));
        return key.registered ? { ...key, keyCreatedAt: iso(key.keyCreatedAt) } : key;
      },
    );
  };
}
