/**
 * Seals outbox payloads (which may contain link secrets and codes) so that neither a database dump alone
 * nor, once the item is delivered, a copy of the database plus the configuration reveals them: the
 * adapter mixes a key kept outside the database (SECRET_KEY) with an erasable per-item key.
 */
export interface PayloadSealer {
  seal(plaintext: string, context: string): Promise<string>;
  /** Throws if the payload cannot be opened, e.g. because it was already discarded. */
  open(sealed: string, context: string): Promise<string>;
  /** Erases the key of a sealed payload once it is delivered: no stored copy of it opens any more. */
  discard(sealed: string): Promise<void>;
}
