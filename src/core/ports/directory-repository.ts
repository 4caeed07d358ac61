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
  /** Removes the entry with this id in this organisation; false if there is none. */
  remove(orgId: string, id: string): Promise<DirectoryEntry | undefined>;
}
