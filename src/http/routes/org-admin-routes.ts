import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AccountContext } from '../../core/accounts/context.ts';
import type { UserRecord } from '../../core/accounts/model.ts';
import { awaitingRestoreByUser, listArchivedKeys, orgKeyRecovery, restoreArchivedKeys, setKeyRecoveryPolicy, type OrgKeyRecoveryView } from '../../core/accounts/key-recovery.ts';
import { changeUser, inviteStaff, listOrgSessions, listOrgUsers, resetSecondFactor } from '../../core/accounts/org-admin.ts';
import { iso, requestMeta } from '../request-context.ts';
import { createStaffAuth } from '../staff-auth.ts';

const staffSecurity = [{ staffSession: [] }];
const tags = ['organisation admin'];
const role = z.enum(['member', 'admin']);
const userView = z.object({ id: z.string(), email: z.string(), role, disabled: z.boolean(), locked: z.boolean(), enrolled: z.boolean(), invited: z.boolean(), createdAt: z.string(), lastSignInAt: z.string().nullable() });
/** The list adds how many of the user's archived keys wait for a restore (organisation recovery key). */
const listedUser = userView.extend({ awaitingRestore: z.int() });
const b64url = (max: number) => z.string().regex(/^[A-Za-z0-9_-]+$/).min(40).max(max);
const ageRecipient = z.string().regex(/^age1[02-9ac-hj-np-z]+$/).max(200);
const keyRecoveryView = z.object({
  policy: z.enum(['loss', 'org-key']).nullable(), recoveryPublicKey: z.string().nullable(), chosenAt: z.string().nullable(), chosenBy: z.string().nullable(),
  staff: z.int().describe('users with a personal key'), escrowed: z.int().describe('…whose key has an escrow to the current recovery key'), awaitingRestore: z.int().describe('archived keys with an escrow and no restore for their user\'s current key'),
});
const keyRecoveryChoice = z.discriminatedUnion('policy', [z.object({ policy: z.literal('loss') }).strict(), z.object({ policy: z.literal('org-key'), recoveryPublicKey: ageRecipient }).strict()]);
const archivedKeys = z.object({
  currentPublicKey: z.string().nullable(),
  keys: z.array(z.object({ id: z.string(), publicKey: z.string(), escrow: z.string(), escrowRecipient: z.string(), archivedAt: z.string(), restored: z.boolean() })),
});
const restoreBody = z.object({ toPublicKey: ageRecipient, restores: z.array(z.object({ id: z.string().min(1).max(100), wrapped: b64url(8192) }).strict()).min(1).max(100) }).strict();
const idParams = z.object({ id: z.string().min(1).max(100) }).strict();
const invitation = z.object({ userId: z.string(), invitationUrl: z.string(), expiresAt: z.string() });

function toView(u: UserRecord): z.infer<typeof userView> {
  return { id: u.id, email: u.email, role: u.role, disabled: u.disabled, locked: u.lockedAt !== null, enrolled: u.totpEnrolledAt !== null, invited: u.passwordHash === null, createdAt: iso(u.createdAt), lastSignInAt: u.lastSignInAt ? iso(u.lastSignInAt) : null };
}

function toKeyRecoveryView(v: OrgKeyRecoveryView): z.infer<typeof keyRecoveryView> {
  return { ...v, chosenAt: v.chosenAt ? iso(v.chosenAt) : null };
}

/**
 * The organisation admin's first slice: people, roles, second-factor resets, sessions, and the organisation recovery
 * key (policy, archived keys, restore). Scoped to the admin's own organisation.
 */
export function orgAdminRoutes(ctx: AccountContext): FastifyPluginAsyncZod {
  const auth = createStaffAuth(ctx);
  const config = { auth: [auth.staff] };
  return async (app) => {
    app.get('/api/org/users', { config, schema: { tags, security: staffSecurity, summary: "Your organisation's users", response: { 200: z.object({ items: z.array(listedUser) }) } } }, async (request) => {
      const staff = auth.of(request);
      const [users, awaiting] = await Promise.all([listOrgUsers(ctx, staff), awaitingRestoreByUser(ctx, staff)]);
      return { items: users.map((u) => ({ ...toView(u), awaitingRestore: awaiting.get(u.id) ?? 0 })) };
    });

    app.post(
      '/api/org/users',
      { config, schema: { tags, security: staffSecurity, summary: 'Invite a member or admin: the single-use invitation link is returned once and mailed to them in `lang`', body: z.object({ email: z.email().max(254), role: role.default('member'), lang: z.enum(['de', 'nl', 'en']).default('en') }).strict(), response: { 201: invitation } } },
      async (request, reply) => {
        const invited = await inviteStaff(ctx, auth.of(request), request.body, requestMeta(request));
        return reply.code(201).send({ userId: invited.userId, invitationUrl: invited.url, expiresAt: iso(invited.expiresAt) });
      },
    );

    app.patch(
      '/api/org/users/:id',
      { config, schema: { tags, security: staffSecurity, summary: 'Change role, disable/enable, or unlock a user', params: idParams, body: z.object({ role: role.optional(), disabled: z.boolean().optional(), unlock: z.literal(true).optional() }).strict(), response: { 200: userView } } },
      async (request) => toView(await changeUser(ctx, auth.of(request), request.params.id, request.body, requestMeta(request))),
    );

    app.post(
      '/api/org/users/:id/reset-factor',
      { config, schema: { tags, security: staffSecurity, summary: "Reset a user's password and second factor (needs a re-authentication within 10 minutes): sessions end, a new invitation is returned and mailed", params: idParams, response: { 200: invitation } } },
      async (request) => {
        const invited = await resetSecondFactor(ctx, auth.of(request), request.params.id, requestMeta(request));
        return { userId: invited.userId, invitationUrl: invited.url, expiresAt: iso(invited.expiresAt) };
      },
    );

    app.get(
      '/api/org/key-recovery',
      { config, schema: { tags, security: staffSecurity, summary: "Your organisation's key-recovery policy (loss or an offline recovery key) and how many keys are escrowed or wait for a restore", response: { 200: keyRecoveryView } } },
      async (request) => toKeyRecoveryView(await orgKeyRecovery(ctx, auth.of(request))),
    );

    app.put(
      '/api/org/key-recovery',
      {
        config,
        schema: {
          tags, security: staffSecurity,
          summary: 'Choose loss or a recovery key (age X25519 recipient), re-authenticated within 10 minutes; loss deletes every escrow, a new key the escrows to the old one',
          body: keyRecoveryChoice, response: { 200: keyRecoveryView },
        },
      },
      async (request) => toKeyRecoveryView(await setKeyRecoveryPolicy(ctx, auth.of(request), request.body, requestMeta(request))),
    );

    app.get(
      '/api/org/users/:id/archived-keys',
      { config, schema: { tags, security: staffSecurity, summary: "A user's archived (replaced) personal keys with their escrows, to open with the recovery key in your browser (re-authenticated within 10 minutes)", params: idParams, response: { 200: archivedKeys } } },
      async (request, reply) => {
        const view = await listArchivedKeys(ctx, auth.of(request), request.params.id, requestMeta(request));
        return reply.header('cache-control', 'no-store').send({ currentPublicKey: view.currentPublicKey, keys: view.keys.map((k) => ({ ...k, archivedAt: iso(k.archivedAt) })) });
      },
    );

    app.post(
      '/api/org/users/:id/archived-keys/restore',
      { config, bodyLimit: 1024 * 1024, schema: { tags, security: staffSecurity, summary: "Store archived keys re-encrypted to the user's current key (re-authenticated within 10 minutes); 409 if `toPublicKey` is not their current key", params: idParams, body: restoreBody, response: { 204: z.null() } } },
      async (request, reply) => {
        await restoreArchivedKeys(ctx, auth.of(request), request.params.id, request.body, requestMeta(request));
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/org/sessions',
      { config, schema: { tags, security: staffSecurity, summary: "Your organisation's active staff sessions", response: { 200: z.object({ items: z.array(z.object({ id: z.string(), userId: z.string(), createdAt: z.string(), lastSeenAt: z.string(), clientAddress: z.string().nullable() })) }) } } },
      async (request) => ({
        items: (await listOrgSessions(ctx, auth.of(request))).map((s) => ({ id: s.id, userId: s.userId, createdAt: iso(s.createdAt), lastSeenAt: iso(s.lastSeenAt), clientAddress: s.clientAddress })),
      }),
    );
  };
}
