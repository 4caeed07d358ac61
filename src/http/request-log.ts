import type { FastifyRequest } from 'fastify';

/**
 * Request URLs carry recipient ids (`/api/r/:rid`, `/r/:rid`), message and file ids, and query values such as
 * e-mail addresses. A link-only recipient's id used to be enough to open the message, and ids still identify people
 * in a log that many can read, so request logs keep only the shape of the URL: long id-like path segments and all
 * query values are replaced.
 */
const idLike = /^[A-Za-z0-9_-]{16,}$/;

export function redactUrl(url: string): string {
  const queryAt = url.indexOf('?');
  const pathPart = queryAt === -1 ? url : url.slice(0, queryAt);
  const path = pathPart
    .split('/')
    .map((segment) => (idLike.test(segment) ? ':id' : segment))
    .join('/');
  if (queryAt === -1) return path;
  const keys = url
    .slice(queryAt + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => `${pair.split('=')[0] ?? ''}=:redacted`);
  return `${path}?${keys.join('&')}`;
}

/** Pino serializers for Fastify's request log lines: Fastify's own fields, with the URL redacted. */
export const requestLogSerializers = {
  req(request: FastifyRequest): Record<string, unknown> {
    return {
      method: request.method,
      url: redactUrl(request.url),
      host: request.host,
      remoteAddress: request.ip,
      remotePort: request.socket.remotePort,
    };
  },
};
