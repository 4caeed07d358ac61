/**
 * Seals outbox payloads (which may contain link secrets) under a key kept outside the database, so a
 * database dump alone reveals no link. Implemented by src/crypto; the domain only sees this port.
 */
export interface PayloadSealer {
  seal(plaintext: string, context: string): Promise<string>;
  open(sealed: string, context: string): Promise<string>;
}
