import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { StaffPrincipal } from '../core/accounts/staff-sessions.ts';
import type { RecipientAccountPrincipal } from '../core/recipient-accounts/sessions.ts';
import { SealpostError } from '../core/errors.ts';
import type { RecipientRecord, TransferRecord } from '../core/transfers/model.ts';
import type { SenderPrincipal } from '../core/transfers/sender-auth.ts';

/**
 * Who is asking: the one answer every route reads (`request.principal`). Set by the one principal plugin below from
 * the route's declared requirements, before the body is read.
 */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'guest'; sender: SenderPrincipal }
  | StaffPrincipal
  | { kind: 'recipient'; transfer: TransferRecord; recipient: RecipientRecord }
  /** A registered recipient signed in to their inbox (docs/recipient-accounts.md). */
  | RecipientAccountPrincipal
  /** ADMIN_TOKEN: the operator's bootstrap. */
  | { kind: 'operator' }
  /** A route that authenticates in its own protocol (tus uploads check the sender inside their hooks). */
  | { kind: 'service'; name: string };

export type PrincipalKind = Principal['kind'];

/** Any one requirement (a union over the kinds, so a list may mix them). */
export type AnyAuthRequirement = { [K in PrincipalKind]: AuthRequirement<K> }[PrincipalKind];

/**
 * What a route accepts: a kind and how to establish it (resolvers close over their ports, so route plugins keep
 * receiving their own dependencies). A resolver throws (SP_ERR_UNAUTHORIZED…) when the request is not that principal.
 */
export interface AuthRequirement<K extends PrincipalKind = PrincipalKind> {
  kind: K;
  /** e.g. 'staff-enrolling': a staff session that has not finished TOTP enrolment yet is accepted. */
  variant?: string;
  resolve(request: FastifyRequest): Promise<Extract<Principal, { kind: K }>>;
  /**
   * Whether the request carries this requirement's own kind of credential (e.g. a personal access token's `sppat_`
   * prefix). When such a requirement fails, its error is the answer rather than the first one's, so a client learns
   * why its credential was refused (revoked, out of scope) instead of a bare "authentication required".
   */
  claims?(request: FastifyRequest): boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The principals this route accepts, tried in order; required on every route (checked at start-up). */
    auth?: readonly AnyAuthRequirement[];
  }
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyInstance {
    /** Every route with the principal kinds it accepts (for the isolation tests and the docs). */
    declaredRoutes: DeclaredRoute[];
  }
}

export interface DeclaredRoute {
  method: string;
  url: string;
  kinds: string[];
}

/** For routes anyone may call (health, the link landing page data, sign-in itself). */
export const publicAccess: AuthRequirement<'anonymous'> = { kind: 'anonymous', resolve: () => Promise.resolve({ kind: 'anonymous' }) };

/** A route that authenticates inside its own protocol handler (named, so a reader sees where). */
export function selfAuthenticated(name: string): AuthRequirement<'service'> {
  return { kind: 'service', variant: name, resolve: () => Promise.resolve({ kind: 'service', name }) };
}

/** The principal of a request on a route that accepts only `kind` (a programming error otherwise). */
export function principalOf<K extends PrincipalKind>(request: FastifyRequest, kind: K): Extract<Principal, { kind: K }> {
  const principal = request.principal;
  if (principal.kind !== kind) throw new Error(`route expected a ${kind} principal, got ${principal.kind}`);
  return principal as Extract<Principal, { kind: K }>;
}

/**
 * Where a declaration is mandatory: the API (uploads included), i.e. everything that reads or changes data. Pages and assets
 * outside them (the web app's files, the server pages, health) are public when they declare nothing.
 */
export const GUARDED_PREFIXES = ['/api/'] as const;

function isGuarded(url: string): boolean {
  return GUARDED_PREFIXES.some((prefix) => url.startsWith(prefix));
}

/**
 * The one principal plugin. An API route registered without `config.auth` makes start-up fail; on each request the
 * declared requirements are tried in order in `onRequest` (before the body is read, so anonymous clients cost
 * nothing) and the first that succeeds becomes `request.principal`; if none does, the error of the first one that
 * claims the request's credential (`claims`), else the first one's error, is the answer.
 * Call on the root instance before any route is registered.
 */
export function registerPrincipalPlugin(app: FastifyInstance): void {
  app.decorateRequest('principal', null as unknown as never);
  const declared: DeclaredRoute[] = [];
  app.decorate('declaredRoutes', declared);
  app.addHook('onRoute', (route) => {
    const auth = route.config?.auth;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) declared.push({ method: String(method), url: route.url, kinds: (auth ?? []).map((a) => (a.variant ? `${a.kind}:${a.variant}` : a.kind)) });
    if (!isGuarded(route.url)) return;
    if (!Array.isArray(auth) || auth.length === 0) {
      throw new Error(`route ${String(route.method)} ${route.url} declares no principal (config.auth); every route must`);
    }
  });
  app.addHook('onRequest', async (request) => {
    // A request Fastify routes to its own 404 handler has no route config.
    const auth = request.routeOptions.config.auth;
    if (!auth) {
      request.principal = { kind: 'anonymous' };
      return;
    }
    let first: Error | undefined;
    let claimed: Error | undefined;
    for (const requirement of auth) {
      try {
        request.principal = await requirement.resolve(request);
        return;
      } catch (error) {
        const failure = error instanceof Error ? error : new SealpostError('SP_ERR_UNAUTHORIZED');
        first ??= failure;
        if (requirement.claims?.(request)) claimed ??= failure;
      }
    }
    throw claimed ?? first ?? new SealpostError('SP_ERR_UNAUTHORIZED');
  });
}
