import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AccountContext } from '../../core/accounts/context.ts';
import type { Organisation } from '../../core/accounts/model.ts';
import { revokeOrgSession } from '../../core/accounts/org-admin.ts';
import { LOGO_MAX_BYTES, orgLogo, removeOrgLogo, setOrgLogo } from '../../core/accounts/org-logo.ts';
import { orgBranding, updateOrgSettings, viewOrgSettings } from '../../core/accounts/org-settings.ts';
import { SealpostError } from '../../core/errors.ts';
import { requestMeta } from '../request-context.ts';
import { createStaffAuth } from '../staff-auth.ts';

const security = [{ staffSession: [] }];
const tags = ['organisation admin'];
const idParams = z.object({ id: z.string().min(1).max(100) }).strict();
const hex = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb');
const support = z.object({ email: z.email().max(254).optional(), phone: z.string().max(40).optional(), url: z.string().max(2000).optional() }).strict();
const colours = z.object({ background: hex, text: hex }).strict();
const settingsView = z.object({
  id: z.string(),
  name: z.string(),
  domains: z.array(z.string()),
  idleTimeoutMinutes: z.int(),
  absoluteTimeoutHours: z.int(),
  guestSendersAllowed: z.boolean(),
  smsFactorAllowed: z.boolean(),
  support: support.nullable(),
  colours: colours.nullable(),
});
const settingsChange = z
  .object({
    name: z.string().max(200).optional(),
    domains: z.array(z.string().max(253)).min(1).max(50).optional(),
    idleTimeoutMinutes: z.int().min(5).max(24 * 60).optional(),
    absoluteTimeoutHours: z.int().min(1).max(24 * 30).optional(),
    guestSendersAllowed: z.boolean().optional(),
    smsFactorAllowed: z.boolean().optional(),
    support: support.nullable().optional(),
    colours: colours.nullable().optional(),
  })
  .strict();
const branding = z.object({ name: z.string(), support: support.nullable(), colours: colours.nullable(), hasLogo: z.boolean() });

function toSettingsView(org: Organisation): z.infer<typeof settingsView> {
  const s = org.settings;
  return { id: org.id, name: org.name, domains: org.domains, idleTimeoutMinutes: s.idleTimeoutMinutes, absoluteTimeoutHours: s.absoluteTimeoutHours, guestSendersAllowed: s.guestSendersAllowed, smsFactorAllowed: s.smsFactorAllowed, support: s.support ?? null, colours: s.colours ?? null };
}

/**
 * The organisation admin's settings API: name, domains, support contact, colours, session timeouts, guest senders,
 * the logo, and ending sessions. Scoped to the caller's organisation; every change is audited in its chain.
 */
export function orgSettingsRoutes(ctx: AccountContext): FastifyPluginAsyncZod {
  const auth = createStaffAuth(ctx);
  const config = { auth: [auth.staff] };
  return async (app) => {
    app.get('/api/org/branding', { config, schema: { tags, security, summary: "Your organisation's name, support contact and colours (any staff member)", response: { 200: branding } } }, async (request) => {
      const staff = auth.of(request);
      const b = await orgBranding(ctx, staff);
      return { name: b.name, support: b.support ?? null, colours: b.colours ?? null, hasLogo: (await orgLogo(ctx.repos, staff.orgId)) !== undefined };
    });

    app.get('/api/org/logo', { config, schema: { tags, security, summary: "Your organisation's logo (PNG; any staff member)" } }, async (request, reply) => {
      const png = await orgLogo(ctx.repos, auth.of(request).orgId);
      if (!png) throw new SealpostError('SP_ERR_NOT_FOUND', { message: 'This organisation has no logo' });
      // Our own origin, a fixed raster type, never sniffed, and no script even if opened on its own.
      return reply
        .header('content-type', 'image/png')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-cache')
        .send(Buffer.from(png));
    });

    app.put(
      '/api/org/logo',
      {
        config,
        bodyLimit: Math.ceil((LOGO_MAX_BYTES * 4) / 3) + 1024,
        schema: { tags, security, summary: `Replace the logo: a PNG of at most ${LOGO_MAX_BYTES / 1024} KiB and 1024 × 1024 pixels, base64 (SVG is refused)`, body: z.object({ png: z.string().max(Math.ceil((LOGO_MAX_BYTES * 4) / 3) + 4) }).strict(), response: { 200: z.object({ width: z.int(), height: z.int() }) } },
      },
      async (request) => setOrgLogo(ctx, auth.of(request), request.body.png, requestMeta(request)),
    );

    app.delete('/api/org/logo', { config, schema: { tags, security, summary: 'Remove the logo' } }, async (request, reply) => {
      await removeOrgLogo(ctx, auth.of(request), requestMeta(request));
      return reply.code(204).send();
    });

    app.get('/api/org/settings', { config, schema: { tags, security, summary: "Your organisation's settings", response: { 200: settingsView } } }, async (request) => toSettingsView(await viewOrgSettings(ctx, auth.of(request))));

    app.patch(
      '/api/org/settings',
      { config, schema: { tags, security, summary: 'Change name, domains, support contact, colours (contrast checked), session timeouts, guest senders', body: settingsChange, response: { 200: settingsView } } },
      async (request) => toSettingsView(await updateOrgSettings(ctx, auth.of(request), request.body, requestMeta(request))),
    );

    app.delete('/api/org/sessions/:id', { config, schema: { tags, security, summary: 'End a staff session of your organisation', params: idParams } }, async (request, reply) => {
      await revokeOrgSession(ctx, auth.of(request), request.params.id, requestMeta(request));
      return reply.code(204).send();
    });
  };
}
