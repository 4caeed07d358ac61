/**
 * Keyed hashing and sealing under the server's SECRET_KEY. Codes and bearer tokens are stored only as these
 * digests, and TOTP secrets only sealed, so a database dump alone reveals neither a live code nor a usable session,
 * nor lets anyone generate second-factor codes.
 */
export interface ServerSecrets {
  /** base64url HMAC-SHA-256 of `value`, domain-separated by `purpose`. */
  digest(purpose: 'code' | 'token', value: string): string;
  /** A TOTP secret sealed for storage, bound to its user (a seal copied to another user's row does not open). */
  sealTotpSecret(userId: string, secret: string): string;
  /** The TOTP secret from its seal; throws if it was sealed for another user or under another key. */
  openTotpSecret(userId: string, sealed: string): string;
  /**
   * A recipient's mobile number in the organisation's directory, sealed for storage and bound to the organisation
   * and address: a database copy without SECRET_KEY shows no number, and a seal moved to another row does not open.
   */
  sealDirectoryPhone(orgId: string, email: string, phone: string): string;
  /** The number from its seal; throws if it was sealed for another row or under another key. */
  openDirectoryPhone(orgId: string, email: string, sealed: string): string;
  /**
   * A registered recipient's PDF password material (base64url U ‖ K_UE, docs/gateway/pdf.md) sealed for storage and
   * bound to the account: without SECRET_KEY a database copy holds nothing usable.
   */
  sealPdfMaterial(accountId: string, material: string): string;
  /** The material from its seal; throws if it was sealed for another account or under another key. */
  openPdfMaterial(accountId: string, sealed: string): string;
}
