import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AccountContext } from '../../core/accounts/context.ts';
import { createOrganisation } from '../../core/accounts/organisations.ts';
import type { KeyRecoveryChoice } from '../../core/accounts/key-recovery.ts';
import { isSealpostError, SealpostError } from '../../core/errors.ts';
import { constantTimeEqual, recoveryKeyFingerprint } from '../../crypto/index.ts';
import { renderFirstRunPage, type FirstRunView } from '../pages/first-run-page.ts';
import { pickLanguage } from '../pages/page-language.ts';
import { publicAccess } from '../principal.ts';
import { requestMeta } from '../request-context.ts';

function isLoopbackAddress(ip: string): boolean {
  return ip === '::1' || /^(::ffff:)?127(\.\d{1,3}){3}$/i.test(ip);
}

/**
 * The first-run page of a fresh installation: while no organisation exists, a loopback client, or anyone holding the
 * one-time setup token the server logs at start, creates the first organisation and gets its admin's invitation link.
 * The form posts same-origin only (Sec-Fetch-Site / Origin), so a web page open in the operator's browser cannot
 * create one through it. Afterwards the page is closed for good.
 */
export function firstRunRoutes(ctx: AccountContext, setupToken: string): FastifyPluginAsync {
  const enc = new TextEncoder();
  const tokenOk = (token: unknown) => typeof token === 'string' && token.length === setupToken.length && constantTimeEqual(enc.encode(token), enc.encode(setupToken));
  const allowed = (request: FastifyRequest, token: unknown) => isLoopbackAddress(request.ip) || tokenOk(token);
  return async (app) => {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 8 * 1024 }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
    const page = (request: FastifyRequest, view: FirstRunView, status = 200) => (reply: FastifyReply) =>
      reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderFirstRunPage(pickLanguage(request.headers['accept-language']), view));

    app.get('/setup', { config: { auth: [publicAccess] }, schema: { hide: true } }, async (request, reply) => {
      const { token } = request.query as { token?: unknown };
      if ((await ctx.repos.organisations.count()) > 0) return page(request, { kind: 'closed' }, 410)(reply);
      if (!allowed(request, token)) return page(request, { kind: 'refused' }, 403)(reply);
      return page(request, { kind: 'form', token: tokenOk(token) ? String(token) : '' })(reply);
    });

    app.post('/setup', { config: { auth: [publicAccess] }, schema: { hide: true } }, async (request, reply) => {
      const form = (request.body ?? {}) as Record<string, unknown>;
      const site = request.headers['sec-fetch-site'];
      const origin = request.headers.origin;
      const sameSite = (site === undefined || site === 'same-origin' || site === 'none') && (origin === undefined || origin === new URL(ctx.publicUrl).origin || isLoopbackOrigin(origin));
      if ((await ctx.repos.organisations.count()) > 0) return page(request, { kind: 'closed' }, 410)(reply);
      if (!sameSite || !allowed(request, form.token)) return page(request, { kind: 'refused' }, 403)(reply);
      const text = (key: string) => (typeof form[key] === 'string' ? form[key] : '');
      try {
        const recovery = recoveryChoice(text('keyRecovery'), text('recoveryPublicKey'));
        const created = await createOrganisation(ctx, { name: text('name'), domains: text('domains').split(','), adminEmail: text('admin'), keyRecovery: recovery.keyRecovery }, requestMeta(request), 'operator:first-run');
        const view = recovery.keyRecovery?.policy === 'org-key' ? { choice: 'key' as const, fingerprint: recoveryKeyFingerprint(recovery.keyRecovery.recoveryPublicKey) } : { choice: recovery.choice };
        return page(request, { kind: 'done', name: created.org.name, email: text('admin').trim().toLowerCase(), link: created.invitationUrl, expires: created.invitationExpiresAt.toISOString(), recovery: view }, 201)(reply);
      } catch (error) {
        if (!isSealpostError(error)) throw error;
        return page(request, { kind: 'form', token: tokenOk(form.token) ? String(form.token) : '', error: error.message }, error.status)(reply);
      }
    });
  };
}

/**
 * The form's answer to "what happens to earlier messages": required (the choice is made at set-up, never by default).
 * 'console' leaves it to the admin, who is then asked first thing in the console to create the key there.
 */
function recoveryChoice(choice: string, recoveryPublicKey: string): { choice: 'console' | 'loss'; keyRecovery?: KeyRecoveryChoice } {
  if (choice === 'console') return { choice };
  if (choice === 'loss') return { choice, keyRecovery: { policy: 'loss' } };
  if (choice === 'key') return { choice: 'console', keyRecovery: { policy: 'org-key', recoveryPublicKey } };
  throw new SealpostError('SP_ERR_VALIDATION', { message: 'Choose what happens to earlier messages when someone loses every way to sign in', details: { field: 'keyRecovery' } });
}

function isLoopbackOrigin(origin: string): boolean {
  try {
    const host = new URL(origin).hostname.replace(/^\[(.*)\]$/, '$1');
    return host === 'localhost' || isLoopbackAddress(host);
  } catch {
    return false;
  }
}
