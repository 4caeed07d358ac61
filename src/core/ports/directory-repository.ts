import type { DirectoryEntry, DirectoryPage } from '../directory/model.ts';

/** The organisation's recipient directory; every call is scoped to one organisation. */
export interface DirectoryRepository {
  find(orgId: string, email: string): Promise<DirectoryEntry | undefined>;
  /**
   * Insert or replace the entry for (orgId, email); the id of an existing entry is kept. Returns true if it was new.
   * `codeSealed` undefined keeps the sealed code on file (the CSV import cannot set it, a sender may not re-seal it).
   */
  upsert(entry: Omit<DirectoryEntry, 'id' | 'codeSealed'> & { codeSealed?: string | null | undefined }): Promise<boolean>;
  /** Page through the organisation's entries by address; `query` matches a part of the address. */
  list(orgId: string, options: { query?: string | undefined; offset: number; limit: number }): Promise<DirectoryPage>;
  /** Every entry, by address (the CSV export). */
  all(orgId: string): Promise<DirectoryEntry[]>;
  /** Every entry of the organisation with a sealed access code (organisation-key rotation). */
  sealedCodes(orgId: string): Promise<Array<{ id: string; email: string; codeSealed: string }>>;
  /**
   * Rotation: every sealed code of the organisation becomes the one given for its entry id, or null when none is
   * given (a code the rotating device could not open). Ids of other organisations are ignored. Returns how many
   * codes were cleared.
   */
  replaceSealedCodes(orgId: string, codes: ReadonlyMap<string, string>): Promise<number>;
  /** Removes the entry with this id in this organisation; false if there is none. */
  remove(orgId: string, id: string): Promise<DirectoryEntry | undefined>;
}
