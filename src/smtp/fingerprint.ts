/**
 * A mail's fingerprint for idempotency: the server's keyed digest (SECRET_KEY) over the envelope and the SHA-256 of
 * the content. Keyed, so the table of delivered fingerprints says nothing about which mail was sent to whom without
 * the key (an unkeyed hash of a guessed mail could be checked against it). The same mail re-sent by Postfix (same
 * envelope, same bytes: Postfix never rewrites a queued mail between attempts) has the same fingerprint.
 */
import type { ServerSecrets } from '../core/ports/server-secrets.ts';

export type Fingerprinter = (envelope: { mailFrom: string; rcptTo: string[] }, contentSha256Hex: string) => string;

export function gatewayFingerprinter(secrets: Pick<ServerSecrets, 'digest'>): Fingerprinter {
  // Domain-separated inside the 'token' purpose by the label; JSON keeps the fields apart whatever they contain.
  return (envelope, content) => secrets.digest('token', JSON.stringify(['sealpost-gateway-fingerprint-v1', envelope.mailFrom, envelope.rcptTo, content]));
}
