/** The organisation key's public half (docs/crypto.md "Organisation key"); the identity is never stored in clear. */
export interface OrgKeyRecord {
  orgId: string;
  /** age1… (X25519). */
  publicKey: string;
  createdAt: Date;
  /** The staff address whose device made it. */
  createdBy: string;
}

/** The organisation key's identity wrapped to one member's personal key (made on a member's device). */
export interface OrgKeyWrapRecord {
  orgId: string;
  userId: string;
  /** The personal public key the wrap was made to; once the member replaces their key the wrap is stale. */
  memberPublicKey: string;
  /** base64url age file. */
  wrap: string;
  createdAt: Date;
  createdBy: string;
}

/** Organisation keys and their per-member wraps; every call is scoped to one organisation. */
export interface OrgKeyRepository {
  get(orgId: string): Promise<OrgKeyRecord | undefined>;
  /** Inserts the organisation's key; false (nothing written) when it has one already — the first device wins. */
  create(key: OrgKeyRecord): Promise<boolean>;
  /** Inserts or replaces the member's wrap. */
  putWrap(wrap: OrgKeyWrapRecord): Promise<void>;
  getWrap(orgId: string, userId: string): Promise<OrgKeyWrapRecord | undefined>;
  listWraps(orgId: string): Promise<OrgKeyWrapRecord[]>;
  /** Removes the member's wrap (a member leaves); true if there was one. */
  removeWrap(orgId: string, userId: string): Promise<boolean>;
  /**
   * Rotation: replaces the key only while it is still `previousPublicKey` (false otherwise: a concurrent rotation
   * won), and deletes every wrap of the organisation (the caller stores the new ones in the same transaction).
   */
  rotate(key: OrgKeyRecord, previousPublicKey: string): Promise<boolean>;
}
