/**
 * A recipient's S/MIME certificate or OpenPGP public key in the organisation's directory
 * (docs/gateway/directory-keys.md). One record per key and address. The gateway encrypts only to `trusted` records
 * that are valid at the time of sending; `pending` ones (harvested from signed mail) wait for an admin.
 */
export const directoryKeyKinds = ['smime', 'pgp'] as const;
export type DirectoryKeyKind = (typeof directoryKeyKinds)[number];
export const directoryKeyStatuses = ['trusted', 'pending'] as const;
export type DirectoryKeyStatus = (typeof directoryKeyStatuses)[number];
export type DirectoryKeySource = 'import' | 'api' | 'harvest';

export interface DirectoryKey {
  id: string;
  orgId: string;
  /** Lower-case address. */
  email: string;
  kind: DirectoryKeyKind;
  /** base64 DER of a certificate, or the armored OpenPGP public key. */
  material: string;
  /** Lower-case hex: SHA-256 of the DER, or the OpenPGP fingerprint. */
  fingerprint: string;
  notBefore: Date;
  /** Null for an OpenPGP key that does not expire. */
  notAfter: Date | null;
  status: DirectoryKeyStatus;
  source: DirectoryKeySource;
  createdAt: Date;
  updatedAt: Date;
  /** The admin who imported or approved it; "harvest" while pending. */
  updatedBy: string;
}

export type NewDirectoryKey = Omit<DirectoryKey, 'id' | 'updatedAt'>;
