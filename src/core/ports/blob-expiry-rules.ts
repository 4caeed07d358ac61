/**
 * An object store's lifecycle rules that delete every blob under `exp/DAY/` from DAY on (src/core/transfers/
 * blob-keys.ts), so expired ciphertext disappears even when no sweeper runs. Stores without lifecycle rules
 * (local disk) have none; the sweep deletes there.
 */
export interface BlobExpiryRules {
  /**
   * Makes the store's expiry rules exactly one per day in `days` (YYYY-MM-DD, ascending), leaving rules that are
   * not ours alone. A store holds at most `maxRules` in all: the days farthest ahead are left out and get their
   * rule in a later run, when earlier days have dropped out.
   */
  apply(days: readonly string[]): Promise<{ changed: boolean; rules: number; leftOut: number }>;
}
