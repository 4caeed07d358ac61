import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { publicAccess } from './principal.ts';

/** The OpenAPI document is generated from the same zod schemas that validate requests, so it cannot drift. */
export async function registerOpenApi(app: FastifyInstance, options: { version: string; publicUrl: string }): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Sealpost API',
        version: options.version,
        description:
          'Confidential messages and files. Content is encrypted on the client; the server stores only ciphertext. ' +
          'Errors have the shape {"error":{"code":"SP_ERR_…","message":"…","details":…}}; codes are listed in docs/api.md.',
      },
      servers: [{ url: options.publicUrl }],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'A sender or recipient session token, or the admin token' },
          staffSession: {
            type: 'apiKey',
            in: 'cookie',
            name: '__Host-sealpost',
            description: 'A staff session (docs/accounts.md); state-changing requests also send the x-sealpost-csrf header from GET /api/account/me',
          },
          personalToken: {
            type: 'http',
            scheme: 'bearer',
            description: "A staff member's personal access token (sppat_…, docs/accounts.md): only on routes within its scope (send: sending and own sent items), no CSRF header",
          },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
}

export function registerOpenApiRoute(app: FastifyInstance): void {
  app.get('/api/openapi.json', { config: { auth: [publicAccess] }, schema: { hide: true } }, async (_request, reply) => reply.send(app.swagger()));
}
