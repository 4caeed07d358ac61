import type { DirectoryKey, DirectoryKeyKind, DirectoryKeyStatus, NewDirectoryKey } from '../directory/keys-model.ts';

/** Recipients' certificates and OpenPGP keys (docs/gateway/directory-keys.md); every call is scoped to one organisation. */
export interface DirectoryKeysRepository {
  /**
   * Stores a key as trusted (an admin's import). A pending record for the same key and address becomes trusted with
   * this source and actor. Returns what happened; a trusted record stays as it is ('unchanged').
   */
  saveTrusted(key: NewDirectoryKey): Promise<'created' | 'approved' | 'unchanged'>;
  /** Stores a harvested key as pending unless a record for the same key and address exists; true if it was new. */
  insertPending(key: NewDirectoryKey): Promise<boolean>;
  countPending(orgId: string): Promise<number>;
  /** Page through the organisation's records by address, newest first per address; `email` matches part of the address. */
  list(orgId: string, options: { email?: string | undefined; status?: DirectoryKeyStatus | undefined; kind?: DirectoryKeyKind | undefined; offset: number; limit: number }): Promise<{ items: DirectoryKey[]; total: number }>;
  /** The trusted records for an address (the gateway picks the currently valid ones). */
  trustedFor(orgId: string, email: string): Promise<DirectoryKey[]>;
  /** Makes a pending record trusted; undefined if there is no pending record with this id in the organisation. */
  approve(orgId: string, id: string, actor: string, at: Date): Promise<DirectoryKey | undefined>;
  /** Deletes the record (only if `status` is given and matches); returns it, or undefined. */
  remove(orgId: string, id: string, status?: DirectoryKeyStatus): Promise<DirectoryKey | undefined>;
}
