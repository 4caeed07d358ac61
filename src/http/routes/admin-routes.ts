import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { AuthRequirement } from '../principal.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { audit } from '../../core/audit/audit.ts';
import { exportAuditLog } from '../../core/audit/export.ts';
import { DEFAULT_ORG_ID } from '../../core/audit/model.ts';
import { SealpostError } from '../../core/errors.ts';
import type { Clock } from '../../core/ports/clock.ts';
import type { OutboxStatus, OutboxSummary } from '../../core/ports/outbox.ts';
import type { Repositories } from '../../core/ports/repositories.ts';
import { constantTimeEqual } from '../../crypto/index.ts';
import { iso, requestMeta } from '../request-context.ts';

export interface AdminRoutesDeps {
  repos: Repositories;
  clock: Clock;
  /** ADMIN_TOKEN; without it the admin API is off and its routes do not exist (404). */
  adminToken?: string;
}

/** The raw token of `Authorization: Bearer …`; any visible characters (ADMIN_TOKEN is free-form). */
export function rawBearerToken(request: FastifyRequest): string | undefined {
  const match = /^Bearer +([\x21-\x7e]{1,1024})$/.exec(request.headers.authorization ?? '');
  return match?.[1];
}

function digest(value: string): Uint8Array {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Checks a presented token against ADMIN_TOKEN. Both are hashed first so the comparison takes the
 * same time whatever the token's length or where it differs.
 */
export function createAdminCheck(adminToken: string): (token: string | undefined) => boolean {
  const expected = digest(adminToken);
  return (token) => token !== undefined && constantTimeEqual(digest(token), expected);
}

/** The operator (ADMIN_TOKEN) as a route requirement: checked before the body is read, so anonymous clients cannot make us parse uploads. */
export function operatorRequirement(adminToken: string): AuthRequirement<'operator'> {
  const isAdmin = createAdminCheck(adminToken);
  return {
    kind: 'operator',
    resolve: (request) =>
      isAdmin(rawBearerToken(request))
        ? Promise.resolve({ kind: 'operator' })
        : Promise.reject(new SealpostError('SP_ERR_UNAUTHORIZED', { message: 'The admin token is missing or wrong' })),
  };
}

export const adminSecurity = [{ bearerAuth: [] }];

const statuses = ['queued', 'sending', 'sent', 'failed'] as const satisfies readonly OutboxStatus[];

const outboxItem = z.object({
  id: z.string(),
  kind: z.enum(['mail', 'sms']),
  topic: z.string().nullable(),
  ref: z.string().nullable(),
  status: z.enum(statuses),
  attempts: z.int(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
const outboxQuery = z
  .object({
    status: z.enum(statuses).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();
const idParams = z.object({ id: z.string().min(1).max(100) }).strict();
const auditExportQuery = z
  .object({
    /** Only entries after this seq: an auditor who kept an earlier export fetches just what is new. */
    after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  })
  .strict();

const auditExportDescription =
  "The organisation's audit log as JSON lines (`application/x-ndjson`: one entry per line, oldest first), streamed. Each line carries " +
  'its sequence number, the hash of the entry before it and its own SHA-256 hash, so `sealpost audit verify FILE`, ' +
  'or a short script with standard tools, checks it offline (docs/audit.md). Entries name actors, ids and client ' +
  'addresses, never content, codes or keys. Entries committed but not chained yet are chained first, so the export holds ' +
  'every entry committed before the request.';

/** What the admin sees of an outbox row: never the payload (it may hold sealed link secrets), nor lease internals. */
function toJson(item: OutboxSummary): z.infer<typeof outboxItem> {
  return {
    id: item.id,
    kind: item.kind,
    topic: item.topic,
    ref: item.ref,
    status: item.status,
    attempts: item.attempts,
    nextAttemptAt: iso(item.nextAttemptAt),
    lastError: item.lastError,
    createdAt: iso(item.createdAt),
    sentAt: iso(item.sentAt),
  };
}

/** Admin API: the mail/SMS outbox, so failed deliveries stay visible (status, last error) and can be retried. */
export function adminRoutes(deps: AdminRoutesDeps): FastifyPluginAsyncZod {
  return (app) => {
    if (!deps.adminToken) return Promise.resolve();
    const config = { auth: [operatorRequirement(deps.adminToken)] };
    const tags = ['admin'];

    app.get(
      '/api/admin/outbox',
      {
        config,
        schema: {
          tags,
          summary: 'Outgoing mail and SMS, newest first, without content',
          security: adminSecurity,
          querystring: outboxQuery,
          response: { 200: z.object({ items: z.array(outboxItem) }) },
        },
      },
      async (request) => {
        const items = await deps.repos.outbox.list({ status: request.query.status, limit: request.query.limit });
        return { items: items.map(toJson) };
      },
    );

    app.post(
      '/api/admin/outbox/:id/retry',
      {
        config,
        schema: {
          tags,
          summary: 'Queue a failed delivery again, due now',
          security: adminSecurity,
          params: idParams,
          response: { 200: outboxItem },
        },
      },
      async (request) => {
        const { id } = request.params;
        const requeued = await deps.repos.transaction(async (tx) => {
          if (!(await tx.outbox.requeue(id))) return false;
          await audit(tx, deps.clock.now(), requestMeta(request), { action: 'admin.outbox_retried', actor: 'admin', details: { outboxId: id } });
          return true;
        });
        if (!requeued) {
          const item = await deps.repos.outbox.get(id);
          if (!item) throw new SealpostError('SP_ERR_NOT_FOUND', { message: 'No outbox item with this id' });
          throw new SealpostError('SP_ERR_CONFLICT', { message: `Only failed items can be retried; this one is ${item.status}`, details: { status: item.status } });
        }
        const item = await deps.repos.outbox.get(id);
        if (!item) throw new SealpostError('SP_ERR_NOT_FOUND', { message: 'No outbox item with this id' });
        return toJson(item);
      },
    );

    app.get(
      '/api/admin/audit/export',
      {
        config,
        schema: {
          tags,
          summary: 'Export the audit log (JSON lines) for offline verification',
          description: auditExportDescription,
          security: adminSecurity,
          querystring: auditExportQuery,
        },
      },
      async (request, reply) => {
        const lines = exportAuditLog(deps.repos.audit, DEFAULT_ORG_ID, { afterSeq: request.query.after });
        return reply
          .header('content-type', 'application/x-ndjson; charset=utf-8')
          .header('cache-control', 'no-store')
          .header('content-disposition', 'attachment; filename="sealpost-audit.jsonl"')
          .send(Readable.from(lines));
      },
    );
    return Promise.resolve();
  };
}
