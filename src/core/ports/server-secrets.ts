/**
 * Keyed hashing under the server's SECRET_KEY. Codes and bearer tokens are stored only as these
 * digests, so a database dump alone reveals neither a live code nor a usable session.
 */
export interface ServerSecrets {
  /** base64url HMAC-SHA-256 of `value`, domain-separated by `purpose`. */
  digest(purpose: 'code' | 'token', value: string): string;
}
