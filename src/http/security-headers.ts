import type { FastifyInstance } from 'fastify';

/**
 * A strict Content-Security-Policy on every response: no inline script or style, nothing from other
 * origins, no framing. Pages are built so they never need more (scripts and styles are files we serve).
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const headers: Record<string, string> = {
  'content-security-policy': contentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // Links carry their secret in the #fragment, which browsers never send; no-referrer keeps even the path private.
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

/** HSTS only when the server is reached over https (the public URL says so). */
export function hstsFor(publicUrl: string): boolean {
  return publicUrl.startsWith('https://');
}

/**
 * Every header a response carries unless its route chose a value (e.g. a longer cache-control for static files).
 * Also applied by routes that answer on the raw socket (tus uploads), which bypass the onSend hook.
 */
export function securityHeaders(options: { hsts: boolean }): Record<string, string> {
  return {
    ...headers,
    ...(options.hsts ? { 'strict-transport-security': 'max-age=63072000; includeSubDomains' } : {}),
    'cache-control': 'no-store',
  };
}

export function registerSecurityHeaders(app: FastifyInstance, options: { hsts: boolean }): void {
  const all = Object.entries(securityHeaders(options));
  app.addHook('onSend', async (_request, reply) => {
    for (const [name, value] of all) {
      if (name === 'strict-transport-security' || !reply.hasHeader(name)) reply.header(name, value);
    }
  });
}
