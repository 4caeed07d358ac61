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

/**
 * Origins that frame the Outlook add-in's pages: Outlook on the web and the new Outlook for Windows (which runs the
 * web client) under its Microsoft 365 and consumer addresses, including the newer outlook.cloud.microsoft, and Office
 * Online, which hosts add-in frames under officeapps.live.com. Classic Outlook on Windows and Outlook on Mac load
 * the pages in their own webview, not framed by a web origin. docs/outlook.md gives the sources.
 */
export const outlookFrameAncestors = [
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://outlook.live.com',
  'https://outlook.cloud.microsoft',
  'https://*.officeapps.live.com',
] as const;

/** Where Office.js comes from (Microsoft's CDN; Office requires the hosted copy, not a bundled one). */
export const officeJsOrigin = 'https://appsforoffice.microsoft.com';

/**
 * The add-in pages' policy: the strict one, except that Outlook's origins may frame them and Office.js (and the
 * host-specific scripts it loads from the same CDN) may run. Used only on routes marked `framing: 'outlook'`.
 */
export const addinContentSecurityPolicy = contentSecurityPolicy
  .replace("script-src 'self' 'wasm-unsafe-eval'", `script-src 'self' 'wasm-unsafe-eval' ${officeJsOrigin}`)
  .replace("frame-ancestors 'none'", `frame-ancestors ${outlookFrameAncestors.join(' ')}`);

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Who may frame this route's page: absent = nobody (`frame-ancestors 'none'`, X-Frame-Options DENY);
     * 'outlook' = the add-in policy above. Only the add-in's own pages set it (src/http/web-app-routes.ts).
     */
    framing?: 'outlook';
  }
}

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

/**
 * The headers of a page Outlook frames: the add-in policy, no X-Frame-Options (it cannot name origins, and DENY
 * would win over frame-ancestors in older webviews), and an opener policy that keeps the Office dialog's link to
 * the window that opened it (Office.context.ui.messageParent needs it; same-origin would sever it).
 */
export function addinSecurityHeaders(options: { hsts: boolean }): Record<string, string> {
  const { 'x-frame-options': _denied, ...rest } = securityHeaders(options);
  return {
    ...rest,
    'content-security-policy': addinContentSecurityPolicy,
    'cross-origin-opener-policy': 'unsafe-none',
    // A document framed by another origin; cross-origin keeps it loadable should that origin ever require CORP.
    'cross-origin-resource-policy': 'cross-origin',
  };
}

export function registerSecurityHeaders(app: FastifyInstance, options: { hsts: boolean }): void {
  const all = Object.entries(securityHeaders(options));
  const framed = Object.entries(addinSecurityHeaders(options));
  app.addHook('onSend', async (request, reply) => {
    for (const [name, value] of request.routeOptions.config?.framing === 'outlook' ? framed : all) {
      if (name === 'strict-transport-security' || !reply.hasHeader(name)) reply.header(name, value);
    }
  });
}
