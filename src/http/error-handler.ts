import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { errorCatalog, isSealpostError } from '../core/errors.ts';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/**
 * Clients see a stable code and a safe message, never internals: unknown errors become
 * SP_ERR_INTERNAL and are logged with their stack on the server only.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((v) => ({ path: v.instancePath || '/', message: v.message }));
      return reply.code(400).send(body('SP_ERR_VALIDATION', `Invalid ${error.validationContext ?? 'request'}`, details));
    }
    if (isSealpostError(error)) {
      if (error.status >= 500) request.log.error({ err: error }, 'request failed');
      const retryAfter = retryAfterSeconds(error.details);
      if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
      return reply.code(error.status).send(body(error.code, error.message, error.details));
    }
    // Fastify's own client errors (bad JSON, too large, unsupported media type) keep their status.
    const status = error.statusCode ?? 500;
    if (status === 413) {
      // Refused before the body was parsed (Fastify counts bytes as they arrive); say what this route accepts.
      const maxBytes = request.routeOptions.bodyLimit;
      return reply
        .code(413)
        .send(body('SP_ERR_TOO_LARGE', `The request body is larger than this endpoint accepts (${maxBytes} bytes)`, { maxBytes }));
    }
    if (status >= 400 && status < 500) {
      const code = status === 413 ? 'SP_ERR_TOO_LARGE' : status === 404 ? 'SP_ERR_NOT_FOUND' : 'SP_ERR_VALIDATION';
      return reply.code(status).send(body(code, error.code ? `${errorCatalog[code].message} (${error.code})` : errorCatalog[code].message));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send(body('SP_ERR_INTERNAL', errorCatalog.SP_ERR_INTERNAL.message));
  });

  app.setNotFoundHandler((_request, reply) => {
    return reply.code(404).send(body('SP_ERR_NOT_FOUND', errorCatalog.SP_ERR_NOT_FOUND.message));
  });
}

/** Rate-limit refusals carry `retryAfterSeconds`; HTTP clients and proxies read it from the Retry-After header. */
function retryAfterSeconds(details: unknown): number | undefined {
  if (typeof details !== 'object' || details === null || !('retryAfterSeconds' in details)) return undefined;
  const seconds = details.retryAfterSeconds;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : undefined;
}

function body(code: string, message: string, details?: unknown): ErrorBody {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}
