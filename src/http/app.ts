import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { DevMailboxStore } from '../core/ports/dev-mailbox.ts';
import { bodyLimits } from './body-limits.ts';
import { registerErrorHandler } from './error-handler.ts';
import { registerOpenApi, registerOpenApiRoute } from './openapi.ts';
import { requestLogSerializers } from './request-log.ts';
import { serverPagesCss } from './pages/html.ts';
import { renderHomePage } from './pages/home-page.ts';
import { pickLanguage } from './pages/page-language.ts';
import { devMailboxRoutes } from './routes/dev-mailbox.ts';
import { healthRoutes, type ReadinessCheck } from './routes/health.ts';
import { hstsFor, registerSecurityHeaders } from './security-headers.ts';
import { hasWebBuild, webAppRoutes } from './web-app-routes.ts';
import { publicAccess, registerPrincipalPlugin } from './principal.ts';

export interface HttpAppDeps {
  logger: Logger;
  version: string;
  publicUrl: string;
  readiness: ReadinessCheck[];
  /** Present only in embedded/dev mode. */
  devMailbox?: DevMailboxStore;
  /** Feature route plugins (transfers, rules, …) registered after the common ones. */
  plugins?: Array<FastifyPluginAsync | FastifyPluginAsyncZod>;
  /** Largest JSON body accepted by routes that set none (bodyLimits.default); uploads stream through tus instead. */
  bodyLimitBytes?: number;
  /** Reverse proxies trusted for X-Forwarded-For: a hop count or their addresses/CIDRs (never `true`: see src/config/trust-proxy.ts). */
  trustProxy?: false | number | string[];
  /** The built browser app (web/dist); without a build, `/` shows a plain server page. */
  webDistDir?: string;
}

/**
 * Fastify 5 ignores a plain hop count (it fails closed, since a count cannot tell a proxy from a direct client), so a
 * count becomes proxy-addr's own rule: the first `hops` addresses, counted from the socket, are proxies.
 */
function fastifyTrustProxy(trust: false | number | string[]): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust !== 'number') return trust;
  return trust > 0 ? (_address, hop) => hop < trust : false;
}

/** Builds the HTTP app from its ports; it does not listen. Transport only: handlers call the domain. */
export async function createHttpApp(deps: HttpAppDeps): Promise<FastifyInstance> {
  // Typed as Fastify's logger interface so the app's generic stays the default one plugins expect. Fastify prefers the
  // instance's serializers to its own, so request lines log redacted URLs (no recipient ids or query values).
  const loggerInstance: FastifyBaseLogger = deps.logger.child({}, { serializers: requestLogSerializers });
  const app = Fastify({
    loggerInstance,
    // Small by default (anonymous routes must not make us parse megabytes); routes that carry sealed manifests raise it.
    bodyLimit: deps.bodyLimitBytes ?? bodyLimits.default,
    trustProxy: fastifyTrustProxy(deps.trustProxy ?? false),
    // Idle keep-alive sockets close at shutdown; in-flight requests are allowed to finish.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });
  // Once shutdown begins, responses still in flight close their keep-alive connection, so the server
  // can finish as soon as the last request does (instead of waiting for the keep-alive timeout).
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Before any route: every route must declare its principals (src/http/principal.ts).
  registerPrincipalPlugin(app);
  registerSecurityHeaders(app, { hsts: hstsFor(deps.publicUrl) });
  registerErrorHandler(app);
  await registerOpenApi(app, { version: deps.version, publicUrl: deps.publicUrl });

  await app.register(healthRoutes(deps.readiness));
  if (deps.devMailbox) await app.register(devMailboxRoutes(deps.devMailbox));
  for (const plugin of deps.plugins ?? []) await app.register(plugin);

  app.get('/assets/server-pages.css', { config: { auth: [publicAccess] }, schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(serverPagesCss),
  );
  if (deps.webDistDir && hasWebBuild(deps.webDistDir)) {
    await app.register(webAppRoutes(deps.webDistDir));
  } else {
    app.get('/', { config: { auth: [publicAccess] }, schema: { hide: true } }, async (request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send(renderHomePage(pickLanguage(request.headers['accept-language']), { devMailbox: Boolean(deps.devMailbox) })),
    );
  }
  registerOpenApiRoute(app);
  return app;
}
