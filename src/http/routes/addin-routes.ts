import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AccountContext } from '../../core/accounts/context.ts';
import { assertOrgAdmin } from '../../core/accounts/org-admin.ts';
import { addinNameFor, renderAddinManifest } from '../../core/addin/manifest.ts';
import { createStaffAuth } from '../staff-auth.ts';

/**
 * `GET /api/org/addin-manifest`: the Outlook add-in's manifest for this installation, as a `manifest.xml` download for
 * the organisation admin to upload in the Microsoft 365 admin center (docs/outlook.md). Named after the organisation;
 * the Id is the installation's (the same for every organisation on it: one server, one add-in).
 */
export function addinRoutes(ctx: AccountContext, addin: { id: string }): FastifyPluginAsyncZod {
  const auth = createStaffAuth(ctx);
  return async (app) => {
    app.get(
      '/api/org/addin-manifest',
      {
        config: { auth: [auth.staff] },
        schema: {
          tags: ['organisation admin'],
          security: [{ staffSession: [] }],
          summary: 'The Outlook add-in manifest for this installation (XML, download as manifest.xml; organisation admins)',
          response: { 200: z.string() },
        },
      },
      async (request, reply) => {
        const staff = auth.of(request);
        assertOrgAdmin(staff);
        const org = await ctx.repos.organisations.get(staff.orgId);
        const xml = renderAddinManifest({ id: addin.id, publicUrl: ctx.publicUrl, name: addinNameFor(org?.name) });
        return reply
          .type('application/xml; charset=utf-8')
          .header('content-disposition', 'attachment; filename="manifest.xml"')
          .header('cache-control', 'no-store')
          .send(xml);
      },
    );
  };
}
