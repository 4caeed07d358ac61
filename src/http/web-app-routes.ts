import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { publicAccess } from './principal.ts';

/** Paths the browser app owns; each answers with index.html and the app's router takes over. */
export const appRoutes = ['/', '/send', '/sent', '/sent/*', '/r/*', '/verify', '/mailbox', '/sign-in/passkey', '/account/passkeys', '/cli/approve', '/sign-in/sms', '/account/sms', '/sign-in/sso', '/account/key-password', '/admin', '/admin/*', '/invitation', '/sign-in', '/account', '/inbox', '/inbox/*'];

/**
 * The Outlook add-in's pages (built into web/dist/addin by addin/vite.config.ts). Only these may be framed, and only
 * by Outlook's origins (`framing: 'outlook'`, src/http/security-headers.ts); their scripts, styles and icons are
 * plain static files. Every other page keeps frame-ancestors 'none'.
 */
export const addinPages = ['/addin/taskpane.html', '/addin/commands.html'] as const;

export function hasWebBuild(distDir: string): boolean {
  return existsSync(path.join(distDir, 'index.html'));
}

/**
 * Serves the built browser app (web/dist). Hashed assets are cached for a year; index.html never is,
 * so a deployment takes effect at the next page load. Files only ever come from distDir (the static
 * plugin refuses paths that leave it).
 */
export function webAppRoutes(distDir: string): FastifyPluginAsync {
  return async (app) => {
    await app.register(fastifyStatic, {
      root: path.resolve(distDir),
      prefix: '/',
      index: false,
      wildcard: true,
      cacheControl: false,
      setHeaders(res, filePath) {
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        res.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    for (const url of addinPages) {
      app.get(url, { config: { auth: [publicAccess], framing: 'outlook' }, schema: { hide: true } }, async (_request, reply) =>
        reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile(url.slice(1)),
      );
    }
    for (const url of appRoutes) {
      app.get(url, { config: { auth: [publicAccess] }, schema: { hide: true } }, async (_request, reply) =>
        reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html'),
      );
    }
  };
}
