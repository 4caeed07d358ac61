import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import pino from 'pino';
import { createRuntime } from '../../src/cli/serve/runtime.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/app.ts';
import { publicAccess, type AuthRequirement } from '../../src/http/principal.ts';
import { SealpostError } from '../../src/core/errors.ts';

const build = (plugins: Parameters<typeof createHttpApp>[0]['plugins']) =>
  createHttpApp({ logger: pino({ level: 'silent' }), version: 'test', publicUrl: 'http://localhost', readiness: [], ...(plugins ? { plugins } : {}) });

describe('the principal plugin', () => {
  it('refuses to start when an API route declares no principal', async () => {
    await expect(
      build([
        (async (app) => {
          app.get('/api/forgotten', async () => ({ oops: true }));
        }) satisfies FastifyPluginAsync,
      ]),
    ).rejects.toThrow(/GET \/api\/forgotten declares no principal/);
  });

  it('tries the declared requirements in order, sets request.principal, and answers with the first error when none fits', async () => {
    const operator: AuthRequirement<'operator'> = {
      kind: 'operator',
      resolve: (request) => (request.headers['x-op'] === 'yes' ? Promise.resolve({ kind: 'operator' }) : Promise.reject(new SealpostError('SP_ERR_UNAUTHORIZED', { message: 'first' }))),
    };
    const service: AuthRequirement<'service'> = {
      kind: 'service',
      resolve: (request) => (request.headers['x-svc'] === 'yes' ? Promise.resolve({ kind: 'service', name: 'cron' }) : Promise.reject(new SealpostError('SP_ERR_FORBIDDEN', { message: 'second' }))),
    };
    let bodyParsed = false;
    const app = await build([
      (async (app) => {
        app.post('/api/thing', { config: { auth: [operator, service] } }, async (request) => {
          bodyParsed = true;
          return { principal: request.principal };
        });
        app.get('/api/open', { config: { auth: [publicAccess] } }, async (request) => ({ principal: request.principal }));
      }) satisfies FastifyPluginAsync,
    ]);
    try {
      expect((await app.inject({ method: 'POST', url: '/api/thing', headers: { 'x-op': 'yes' }, payload: {} })).json()).toEqual({ principal: { kind: 'operator' } });
      expect((await app.inject({ method: 'POST', url: '/api/thing', headers: { 'x-svc': 'yes' }, payload: {} })).json()).toEqual({ principal: { kind: 'service', name: 'cron' } });
      bodyParsed = false;
      const refused = await app.inject({ method: 'POST', url: '/api/thing', payload: { big: 'x'.repeat(1000) } });
      expect(refused.statusCode).toBe(401);
      expect(refused.json()).toMatchObject({ error: { code: 'SP_ERR_UNAUTHORIZED', message: 'first' } });
      expect(bodyParsed).toBe(false);
      expect((await app.inject({ method: 'GET', url: '/api/open' })).json()).toEqual({ principal: { kind: 'anonymous' } });
    } finally {
      await app.close();
    }
  });

  it('every API route of the full server declares its principals; staff and guest kinds are never mixed with public', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sp-principal-'));
    const runtime = await createRuntime(loadConfig({ env: { DATA_DIR: dir, PORT: '0', ADMIN_TOKEN: 'a'.repeat(40) }, cwd: dir }), { logger: pino({ level: 'silent' }), version: 'test', manualJobs: true });
    try {
      await runtime.app.ready();
      const api = runtime.app.declaredRoutes.filter((r) => r.url.startsWith('/api/'));
      expect(api.length).toBeGreaterThan(20);
      for (const route of api) {
        expect(route.kinds.length, `${route.method} ${route.url}`).toBeGreaterThan(0);
        if (route.kinds.includes('anonymous')) expect(route.kinds, `${route.method} ${route.url}`).toEqual(['anonymous']);
      }
      expect(api.find((r) => r.method === 'GET' && r.url === '/api/admin/outbox')?.kinds).toEqual(['operator']);
      expect(api.find((r) => r.method === 'POST' && r.url === '/api/transfers')?.kinds).toContain('guest');
    } finally {
      await runtime.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
