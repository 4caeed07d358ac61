import { Readable } from 'node:stream';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AccountContext } from '../../core/accounts/context.ts';
import { assertOrgAdmin } from '../../core/accounts/org-admin.ts';
import { assertRecentlyAuthenticated } from '../../core/accounts/staff-sessions.ts';
import { audit } from '../../core/audit/audit.ts';
import { browseAuditLog } from '../../core/audit/browse.ts';
import { exportAuditLog } from '../../core/audit/export.ts';
import { loadOrgRuleSet, saveOrgRuleSet } from '../../core/dlp/org-rules.ts';
import { ruleSetSchema } from '../../core/dlp/rule-set.ts';
import { listOrgDeliveries, retryOrgDelivery } from '../../core/outbox/org-deliveries.ts';
import { bodyLimits } from '../body-limits.ts';
import { iso, requestMeta } from '../request-context.ts';
import { createStaffAuth } from '../staff-auth.ts';

const security = [{ staffSession: [] }];
const tags = ['organisation admin'];
const idParams = z.object({ id: z.string().min(1).max(100) }).strict();
const delivery = z.object({
  id: z.string(),
  kind: z.enum(['mail', 'sms']),
  topic: z.string().nullable(),
  recipient: z.string(),
  transferId: z.string().nullable(),
  status: z.enum(['queued', 'sending', 'sent', 'failed']),
  attempts: z.int(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
});
const auditQuery = z
  .object({
    before: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    action: z.string().regex(/^[a-z_]+\.(?:[a-z_]+)?$/).max(80).optional(),
    actor: z.string().min(1).max(320).optional(),
  })
  .strict();
const auditItem = z.object({ seq: z.int(), id: z.string(), at: z.string(), action: z.string(), actor: z.string(), clientAddress: z.string().nullable(), transferId: z.string().nullable(), details: z.record(z.string(), z.unknown()) });
const ruleSetView = z.object({ ruleSet: ruleSetSchema, source: z.enum(['stored', 'default', 'invalid']), issues: z.array(z.object({ path: z.string(), message: z.string() })) });

/**
 * The organisation admin's console API beyond people (org-admin-routes.ts) and settings (org-settings-routes.ts): the
 * organisation's security-notice rules, undelivered mail and the audit log. Everything is scoped to the caller's
 * own organisation; changes are audited in its chain; the audit export needs a recent re-authentication.
 */
export function orgConsoleRoutes(ctx: AccountContext): FastifyPluginAsyncZod {
  const auth = createStaffAuth(ctx);
  const config = { auth: [auth.staff] };
  return async (app) => {
    app.get(
      '/api/org/security-notices/rules',
      { config, schema: { tags, security, summary: "Your organisation's security-notice rules (any staff member: senders scan on their device)", response: { 200: ruleSetView } } },
      async (request, reply) => {
        const loaded = await loadOrgRuleSet(ctx.repos, auth.of(request).orgId);
        return reply.header('cache-control', 'no-store').send({ ruleSet: loaded.rules, source: loaded.source, issues: loaded.issues });
      },
    );

    app.put(
      '/api/org/security-notices/rules',
      { config, bodyLimit: bodyLimits.ruleSet, schema: { tags, security, summary: "Replace your organisation's rule set (docs/dlp.md); returns the complete stored set", body: z.unknown(), response: { 200: ruleSetView } } },
      async (request) => {
        const staff = auth.of(request);
        assertOrgAdmin(staff);
        const ruleSet = await saveOrgRuleSet(ctx, staff.orgId, staff.email, request.body, requestMeta(request));
        return { ruleSet, source: 'stored' as const, issues: [] };
      },
    );

    app.get(
      '/api/org/deliveries',
      { config, schema: { tags, security, summary: "Your organisation's mail that did not go out: given up, or waiting to retry", querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }).strict(), response: { 200: z.object({ items: z.array(delivery) }) } } },
      async (request) => ({
        items: (await listOrgDeliveries(ctx.repos, auth.of(request), request.query.limit)).map((d) => ({
          id: d.id, kind: d.kind, topic: d.topic, recipient: d.recipient, transferId: d.transferId, status: d.status, attempts: d.attempts,
          nextAttemptAt: d.status === 'queued' ? iso(d.nextAttemptAt) : null, lastError: d.lastError, createdAt: iso(d.createdAt),
        })),
      }),
    );

    app.post('/api/org/deliveries/:id/retry', { config, schema: { tags, security, summary: 'Deliver now: queue again with the backoff reset', params: idParams } }, async (request, reply) => {
      await retryOrgDelivery(ctx, auth.of(request), request.params.id, requestMeta(request));
      return reply.code(204).send();
    });

    app.get(
      '/api/org/audit',
      { config, schema: { tags, security, summary: "Your organisation's audit log, newest first, filtered and paged (`before` = the previous page's `nextBefore`)", querystring: auditQuery, response: { 200: z.object({ items: z.array(auditItem), nextBefore: z.int().nullable() }) } } },
      async (request) => {
        const staff = auth.of(request);
        assertOrgAdmin(staff);
        const q = request.query;
        // The newest entries may still wait for the sealer (about a second); the admin sees them chained now.
        await ctx.repos.audit.sealPending();
        const page = await browseAuditLog(ctx.repos.audit, staff.orgId, {
          before: q.before,
          limit: q.limit,
          filter: { from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, action: q.action, actor: q.actor },
        });
        return {
          items: page.items.map((e) => ({ seq: e.seq, id: e.id, at: iso(e.at), action: e.action, actor: e.actor, clientAddress: e.clientAddress, transferId: e.transferId, details: e.details })),
          nextBefore: page.nextBefore,
        };
      },
    );

    app.get(
      '/api/org/audit/export',
      {
        config,
        schema: {
          tags,
          security,
          summary: "Export your organisation's audit log as JSON lines for `sealpost audit verify` (needs a re-authentication within 10 minutes)",
          querystring: z.object({ after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0) }).strict(),
        },
      },
      async (request, reply) => {
        const staff = auth.of(request);
        assertOrgAdmin(staff);
        assertRecentlyAuthenticated(ctx, staff);
        // Recorded before the stream starts, so the export the admin receives contains its own record.
        await audit(ctx.repos, ctx.clock.now(), requestMeta(request), { orgId: staff.orgId, action: 'audit.exported', actor: staff.email, details: { after: request.query.after } });
        return reply
          .header('content-type', 'application/x-ndjson; charset=utf-8')
          .header('cache-control', 'no-store')
          .header('content-disposition', 'attachment; filename="sealpost-audit.jsonl"')
          .send(Readable.from(exportAuditLog(ctx.repos.audit, staff.orgId, { afterSeq: request.query.after })));
      },
    );
  };
}
