// The framing policy: the add-in's two pages may be framed by Outlook's origins (and load Office.js from Microsoft's
// CDN); every other page, the web app's included, keeps frame-ancestors 'none' and X-Frame-Options DENY. Runs the
// real HTTP app over a scratch build folder shaped like web/dist.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/app.ts';
import { addinContentSecurityPolicy, contentSecurityPolicy, officeJsOrigin, outlookFrameAncestors } from '../../src/http/security-headers.ts';

const dist = mkdtempSync(path.join(tmpdir(), 'sp-addin-dist-'));
let app: FastifyInstance;

function file(name: string, content: string): void {
  mkdirSync(path.dirname(path.join(dist, name)), { recursive: true });
  writeFileSync(path.join(dist, name), content);
}

beforeAll(async () => {
  file('index.html', '<!doctype html><title>web app</title>');
  file('addin/taskpane.html', '<!doctype html><title>task pane</title>');
  file('addin/commands.html', '<!doctype html><title>commands</title>');
  file('addin/commands.js', '(function(){})();');
  file('addin/assets/taskpane-x.js', 'export {};');
  app = await createHttpApp({ logger: pino({ level: 'silent' }), version: 'test', publicUrl: 'https://mail.example.org', readiness: [], webDistDir: dist });
  await app.ready();
});

afterAll(async () => {
  await app.close();
  rmSync(dist, { recursive: true, force: true });
});

const frameAncestors = (csp: string) => /frame-ancestors ([^;]*)/.exec(csp)?.[1];

describe('framing policy', () => {
  it.each(['/addin/taskpane.html', '/addin/commands.html'])('%s may be framed by Outlook only and may load Office.js', async (url) => {
    const res = await app.inject({ url });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toBe(addinContentSecurityPolicy);
    expect(frameAncestors(csp)?.split(' ')).toEqual([...outlookFrameAncestors]);
    expect(csp).toMatch(new RegExp(`script-src 'self' 'wasm-unsafe-eval' ${officeJsOrigin}(;|$)`));
    // Nothing else loosened: still no inline script or style, no other origins.
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp.replace(/frame-ancestors [^;]*/, '').replace(officeJsOrigin, '')).not.toMatch(/https?:/);
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(res.headers['cross-origin-opener-policy']).toBe('unsafe-none');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toContain('max-age');
  });

  it.each(['/', '/send', '/admin', '/sign-in', '/cli/approve', '/addin/commands.js', '/addin/assets/taskpane-x.js', '/addin/nothing.html', '/addin/', '/healthz', '/api/openapi.json'])(
    '%s keeps frame-ancestors none and X-Frame-Options DENY',
    async (url) => {
      const res = await app.inject({ url });
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toBe(contentSecurityPolicy);
      expect(frameAncestors(csp), url).toBe("'none'");
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['cross-origin-opener-policy'], url).toBe('same-origin');
    },
  );

  it('a path that only looks like an add-in page is not framable', async () => {
    for (const url of ['/addin/taskpane.html/', '/addin//taskpane.html', '/ADDIN/taskpane.html', '/addin/taskpane.html%00']) {
      const res = await app.inject({ url });
      expect(res.headers['x-frame-options'], url).toBe('DENY');
    }
  });
});
