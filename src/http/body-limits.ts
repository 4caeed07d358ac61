/**
 * Largest JSON body each kind of route accepts. Fastify refuses a larger body with 413 before parsing it (from
 * Content-Length at once, or as soon as a chunked body passes the limit), so an anonymous client cannot make the
 * server buffer and parse megabytes. The app-wide default is small; only routes that need more raise it, and those
 * authenticate in `onRequest`, which runs before the body is read.
 */
export const bodyLimits = {
  /** App-wide default: recall, admin settings, anything not listed below. */
  default: 64 * 1024,
  /** Anonymous guards: verification code requests, code/verifier checks, sender login. A few hundred bytes in practice. */
  anonymous: 4 * 1024,
  /** Compose: up to 100 recipients and 1000 file sizes. */
  compose: 256 * 1024,
  /** Sending a message or reply: the sealed manifest (≤ 16 MiB of base64, see schemas) plus notification text. */
  manifest: 20 * 1024 * 1024,
  /** Admin: a whole security-notice rule set. */
  ruleSet: 1024 * 1024,
  /** Admin: a recipient-directory CSV (up to 5000 lines).  */
  directoryImport: 2 * 1024 * 1024,
} as const;
