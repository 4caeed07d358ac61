import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AccountContext } from '../../core/accounts/context.ts';
import { keyRecoveryForStaff, storeKeyEscrow } from '../../core/accounts/key-recovery.ts';
import { getPersonalKey, storePersonalKey } from '../../core/accounts/personal-key.ts';
import { requestMeta } from '../request-context.ts';
import { createStaffAuth } from '../staff-auth.ts';
import { accountTags as tags, staffSecurity } from './account-schemas.ts';

/**
 * The staff member's personal key (wrapped on their device; the server keeps only wraps) and, under the organisation's
 * recovery key, its escrow (docs/accounts.md, "Personal key" and "Organisation recovery key").
 */
export function accountKeyRoutes(ctx: AccountContext): FastifyPluginAsyncZod {
  const auth = createStaffAuth(ctx);
  return async (app) => {
    const wrapped = z.string().regex(/^[A-Za-z0-9_-]{40,8192}$/);
    const publicKey = z.string().regex(/^age1[02-9ac-hj-np-z]+$/).max(4096);
    const personalKey = z.object({ publicKey, wrappedByPassword: wrapped, wrappedByRecovery: z.array(wrapped).max(10) }).strict();
    const escrow = { escrow: wrapped.describe('base64url age file of the personal key to the recovery key, made on the device'), escrowRecipient: publicKey.describe('the recovery key it was made for') };
    const keyRecovery = z.object({ policy: z.enum(['loss', 'org-key']).nullable(), recoveryPublicKey: z.string().nullable() });
    app.get(
      '/api/account/key-recovery',
      { config: { auth: [auth.staff] }, schema: { tags, security: staffSecurity, summary: "Your organisation's key-recovery policy: whether (and to which recovery key) your device escrows your personal key", response: { 200: keyRecovery } } },
      async (request) => keyRecoveryForStaff(ctx, auth.of(request)),
    );

    app.get(
      '/api/account/personal-key',
      {
        config: { auth: [auth.sender] },
        schema: {
          tags, security: [...staffSecurity, { personalToken: [] }],
          summary: 'Your personal key, wrapped (under your password and recovery codes) for unwrapping on this device; the recipient of its escrow, and old keys an admin restored to it',
          response: { 200: personalKey.extend({ escrowRecipient: z.string().nullable(), restoredKeys: z.array(z.object({ publicKey: z.string(), wrapped: z.string() })) }) },
        },
      },
      async (request, reply) => reply.header('cache-control', 'no-store').send(await getPersonalKey(ctx, auth.of(request))),
    );

    app.put(
      '/api/account/personal-key',
      {
        config: { auth: [auth.staff] },
        bodyLimit: 256 * 1024,
        schema: {
          tags, security: staffSecurity,
          summary: "Store your personal key, wrapped on your device (replacing one needs re-authentication). Under the organisation's recovery key the escrow must come along (409 SP_ERR_KEY_ESCROW_REQUIRED / SP_ERR_KEY_ESCROW_STALE)",
          body: personalKey.extend({ escrow: escrow.escrow.optional(), escrowRecipient: escrow.escrowRecipient.optional() }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await storePersonalKey(ctx, auth.of(request), request.body, requestMeta(request));
        return reply.code(204).send(null);
      },
    );

    app.put(
      '/api/account/personal-key/escrow',
      { config: { auth: [auth.staff] }, schema: { tags, security: staffSecurity, summary: 'Add the escrow of your current personal key (a key stored before the recovery key was chosen or rotated); 409 if the key is not your current one or the recipient is stale', body: z.object({ publicKey, ...escrow }).strict(), response: { 204: z.null() } } },
      async (request, reply) => {
        await storeKeyEscrow(ctx, auth.of(request), request.body, requestMeta(request));
        return reply.code(204).send(null);
      },
    );
  };
}
