import type { FastifyRequest } from 'fastify';
import type { RequestMeta } from '../core/transfers/context.ts';

/** The bearer token of a request, if any (`Authorization: Bearer …`). */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header);
  return match?.[1];
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
