import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { publicAccess } from '../principal.ts';

export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

const checkResult = z.object({ name: z.string(), ok: z.boolean(), error: z.string().optional() });
const readyBody = z.object({ status: z.enum(['ready', 'unavailable']), checks: z.array(checkResult) });

/** Liveness says the process answers; readiness says it can serve (database and blob store reachable). */
export function healthRoutes(checks: ReadinessCheck[], timeoutMs = 3000): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/healthz',
      { config: { auth: [publicAccess] }, schema: { tags: ['health'], summary: 'Liveness', response: { 200: z.object({ status: z.literal('ok') }) } } },
      async () => ({ status: 'ok' as const }),
    );

    app.get(
      '/readyz',
      { config: { auth: [publicAccess] }, schema: { tags: ['health'], summary: 'Readiness: database and blob store answer', response: { 200: readyBody, 503: readyBody } } },
      async (_request, reply) => {
        const results = await Promise.all(checks.map((c) => runCheck(c, timeoutMs)));
        const ready = results.every((r) => r.ok);
        return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', checks: results });
      },
    );
  };
}

async function runCheck(c: ReadinessCheck, timeoutMs: number): Promise<z.infer<typeof checkResult>> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      c.check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
      }),
    ]);
    return { name: c.name, ok: true };
  } catch (error) {
    // Only a short, generic reason: readiness output is public and must not leak connection strings.
    return { name: c.name, ok: false, error: (error as Error).message === 'timed out' ? 'timed out' : 'unavailable' };
  } finally {
    clearTimeout(timer);
  }
}
