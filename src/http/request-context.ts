import type { FastifyRequest } from 'fastify';
import { isGatewayToken } from '../core/accounts/gateway-credentials.ts';
import { isPersonalToken } from '../core/accounts/personal-tokens.ts';
import type { RequestMeta } from '../core/transfers/context.ts';

function anyBearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  return /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header)?.[1];
}

/**
 * The guest or recipient bearer token of a request, if any (`Authorization: Bearer …`). A staff member's personal
 * access token (prefix `sppat_`) or the mail gateway's credential (`spgw_`) is never one of these, so it is never looked
 * up as a guest or recipient session.
 */
export function bearerToken(request: FastifyRequest): string | undefined {
  const token = anyBearer(request);
  return token === undefined || isPersonalToken(token) || isGatewayToken(token) ? undefined : token;
}

/** The mail gateway's process-local credential (`Authorization: Bearer spgw_…`), if the request carries one. */
export function gatewayToken(request: FastifyRequest): string | undefined {
  const token = anyBearer(request);
  return isGatewayToken(token) ? token : undefined;
}

/** A staff member's personal access token (`Authorization: Bearer sppat_…`), if the request carries one. */
export function personalAccessToken(request: FastifyRequest): string | undefined {
  const token = anyBearer(request);
  return isPersonalToken(token) ? token : undefined;
}

/**
 * Client address for audit and rate limits. Fastify derives it from the socket and, per TRUST_PROXY, from the
 * X-Forwarded-For entries added by trusted proxies only (a hop count or their addresses), never the client-written rest.
 */
export function requestMeta(request: FastifyRequest): RequestMeta {
  return { clientAddress: request.ip || null };
}

/** Dates become ISO strings for JSON responses (deeply), everything else is kept. */
export function toJsonDates<T>(value: T): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => toJsonDates(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonDates(v)]));
  }
  return value;
}

export function iso(date: Date): string;
export function iso(date: Date | null): string | null;
export function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}
