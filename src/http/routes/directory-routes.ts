import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AccountContext } from '../../core/accounts/context.ts';
import { exportDirectoryCsv, importDirectoryCsv, listDirectory, removeDirectoryEntry, type DirectoryContext } from '../../core/directory/directory.ts';
import { bodyLimits } from '../body-limits.ts';
import { verificationMethods } from '../../core/transfers/model.ts';
import { iso, requestMeta } from '../request-context.ts';
import { createStaffAuth } from '../staff-auth.ts';

const security = [{ staffSession: [] }];
const tags = ['organisation admin'];
// The view names every method, though the directory never holds `account` (csv.ts, compose.ts refuse to remember it).
const method = z.enum(verificationMethods);
const entry = z.object({
  id: z.string(),
  email: z.string(),
  method,
  maskedPhone: z.string().nullable(),
  /** An access code is on file, sealed to the organisation key: neither the server nor the export can show it. */
  hasCode: z.boolean(),
  lang: z.enum(['de', 'nl', 'en']),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
const listQuery = z
  .object({
    q: z.string().trim().max(254).optional(),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();
const importBody = z.object({ csv: z.string().min(1).max(bodyLimits.directoryImport) }).strict();

/**
 * The organisation admin's recipient directory (docs/directory.md): list with search and paging, remove an entry,
 * CSV export and import. Scoped to the caller's organisation; only its admins; every change and export audited.
 */
export function directoryRoutes(accounts: AccountContext, directory: DirectoryContext): FastifyPluginAsyncZod {
  const auth = createStaffAuth(accounts);
  const config = { auth: [auth.staff] };
  return async (app) => {
    app.get(
      '/api/org/directory',
      { config, schema: { tags, security, summary: "Your organisation's recipient directory by address, numbers masked; `q` matches part of the address", querystring: listQuery, response: { 200: z.object({ items: z.array(entry), total: z.int() }) } } },
      async (request, reply) => {
        const page = await listDirectory(directory, auth.of(request), { query: request.query.q || undefined, offset: request.query.offset, limit: request.query.limit });
        return reply.header('cache-control', 'no-store').send({ items: page.items.map((e) => ({ ...e, updatedAt: iso(e.updatedAt) })), total: page.total });
      },
    );

    app.delete(
      '/api/org/directory/:id',
      { config, schema: { tags, security, summary: 'Remove a recipient from the directory (audited)', params: z.object({ id: z.string().min(1).max(100) }).strict(), response: { 204: z.null() } } },
      async (request, reply) => {
        await removeDirectoryEntry(directory, auth.of(request), request.params.id, requestMeta(request));
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/org/directory/export',
      { config, schema: { tags, security, summary: 'The whole directory as CSV (email, method, phone, lang), numbers in full; audited' } },
      async (request, reply) => {
        const csv = await exportDirectoryCsv(directory, accounts, auth.of(request), requestMeta(request));
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('cache-control', 'no-store')
          .header('content-disposition', 'attachment; filename="sealpost-directory.csv"')
          .send(csv);
      },
    );

    app.post(
      '/api/org/directory/import',
      {
        config,
        bodyLimit: bodyLimits.directoryImport + 1024,
        schema: {
          tags,
          security,
          summary: 'Add or change entries from a CSV: all lines or none; 400 with `details.lines` ({line, column, reason}) for every bad line',
          body: importBody,
          response: { 200: z.object({ created: z.int(), updated: z.int() }) },
        },
      },
      async (request) => importDirectoryCsv(directory, auth.of(request), request.body.csv, requestMeta(request)),
    );
  };
}
