import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AccountContext } from '../../core/accounts/context.ts';
import { assertOrgAdmin } from '../../core/accounts/org-admin.ts';
import { directoryKeyKinds, directoryKeyStatuses } from '../../core/directory/keys-model.ts';
import { approveKey, deleteKey, directoryKeyLimits, importKeys, listKeys, type DirectoryKeysContext, type DirectoryKeyView, type ImportReport } from '../../core/directory/recipient-keys.ts';
import { iso, requestMeta } from '../request-context.ts';
import { createStaffAuth } from '../staff-auth.ts';

const security = [{ staffSession: [] }];
const tags = ['organisation admin'];
const kind = z.enum(directoryKeyKinds);
const status = z.enum(directoryKeyStatuses);
const key = z.object({
  id: z.string(),
  email: z.string(),
  kind,
  /** Lower-case hex: SHA-256 of the certificate's DER, or the OpenPGP fingerprint. */
  fingerprint: z.string(),
  notBefore: z.string(),
  notAfter: z.string().nullable(),
  status,
  source: z.enum(['import', 'api', 'harvest']),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
const listQuery = z
  .object({
    email: z.string().trim().max(254).optional(),
    status: status.optional(),
    kind: kind.optional(),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();
// The 1 MiB limit is the core's (UTF-8 bytes, answered 413); the route's body limit bounds what is read at all.
const importBody = z.object({ text: z.string().min(1) }).strict();
const report = z.object({
  imported: z.array(z.object({ item: z.int(), kind, fingerprint: z.string(), email: z.string(), notAfter: z.string().nullable(), result: z.enum(['created', 'approved', 'unchanged']) })),
  skipped: z.array(z.object({
    item: z.int(),
    kind: kind.nullable(),
    fingerprint: z.string().nullable(),
    reason: z.enum(['private_key', 'unreadable', 'expired', 'not_yet_valid', 'no_encryption', 'no_email', 'revoked']),
    detail: z.string().nullable(),
  })),
});
const idParams = z.object({ id: z.string().min(1).max(100) }).strict();

const keyJson = (k: DirectoryKeyView) => ({ ...k, notBefore: iso(k.notBefore), notAfter: k.notAfter && iso(k.notAfter), createdAt: iso(k.createdAt), updatedAt: iso(k.updatedAt) });
const reportJson = (r: ImportReport) => ({ imported: r.imported.map((i) => ({ ...i, notAfter: i.notAfter && iso(i.notAfter) })), skipped: r.skipped });

/**
 * The organisation admin's recipient certificates and OpenPGP keys (docs/gateway/directory-keys.md): list, import,
 * approve harvested ones, delete. Scoped to the caller's organisation; only its admins, signed in (a personal
 * access token is refused, as on every admin route); every change audited.
 */
export function directoryKeysRoutes(accounts: AccountContext, keys: DirectoryKeysContext): FastifyPluginAsyncZod {
  const auth = createStaffAuth(accounts);
  const config = { auth: [auth.staff] };
  const admin = (request: Parameters<typeof auth.of>[0]) => {
    const staff = auth.of(request);
    assertOrgAdmin(staff);
    return staff;
  };
  return async (app) => {
    app.get(
      '/api/org/directory/keys',
      { config, schema: { tags, security, summary: "Recipients' S/MIME certificates and OpenPGP keys by address; `email` matches part of the address", querystring: listQuery, response: { 200: z.object({ items: z.array(key), total: z.int() }) } } },
      async (request, reply) => {
        const staff = admin(request);
        const q = request.query;
        const page = await listKeys(keys, staff.orgId, { email: q.email || undefined, status: q.status, kind: q.kind, offset: q.offset, limit: q.limit });
        return reply.header('cache-control', 'no-store').send({ items: page.items.map(keyJson), total: page.total });
      },
    );

    app.post(
      '/api/org/directory/keys',
      {
        config,
        bodyLimit: directoryKeyLimits.importBytes * 2 + 1024,
        schema: {
          tags,
          security,
          summary: 'Import PEM certificates and armored OpenPGP public keys as trusted; every unusable one is skipped with its reason (a private key is never stored)',
          body: importBody,
          response: { 200: report },
        },
      },
      async (request) => {
        const staff = admin(request);
        // The console is a browser (it sends Sec-Fetch-Site); anything else calling with a session is a script.
        const source = request.headers['sec-fetch-site'] === undefined ? 'api' : 'import';
        return reportJson(await importKeys(keys, staff.orgId, request.body.text, staff.email, { source, meta: requestMeta(request) }));
      },
    );

    app.post(
      '/api/org/directory/keys/:id/approve',
      { config, schema: { tags, security, summary: 'Trust a harvested (pending) certificate: the gateway encrypts to it from now on (audited)', params: idParams, response: { 200: key } } },
      async (request) => {
        const staff = admin(request);
        return keyJson(await approveKey(keys, staff.orgId, request.params.id, staff.email, requestMeta(request)));
      },
    );

    app.delete(
      '/api/org/directory/keys/:id',
      { config, schema: { tags, security, summary: 'Delete a certificate or key; for a pending one this is the rejection (audited)', params: idParams, response: { 204: z.null() } } },
      async (request, reply) => {
        const staff = admin(request);
        await deleteKey(keys, staff.orgId, request.params.id, staff.email, requestMeta(request));
        return reply.code(204).send(null);
      },
    );
  };
}
