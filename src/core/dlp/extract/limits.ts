/** Limits that keep extraction bounded on huge or hostile files (zip bombs, giant sheets). */
import { z } from 'zod';

export const extractLimitsSchema = z
  .object({
    /** Largest input file. */
    maxInputBytes: z.int().min(1).default(50 * 1024 * 1024),
    /** Most entries a zip container (DOCX/XLSX/ODT) may list. */
    maxEntries: z.int().min(1).default(5000),
    /** Most bytes all inflated entries we read may add up to. */
    maxInflatedBytes: z.int().min(1).default(100 * 1024 * 1024),
    /** Largest ratio inflated/compressed of one entry; real XML stays well below. */
    maxRatio: z.number().min(1).default(200),
    /** Most characters of text kept per file (the rest is not scanned and the result says so). */
    maxTextChars: z.int().min(1).default(20_000_000),
    /** Most PDF pages read. */
    maxPages: z.int().min(1).default(2000),
  })
  .strict();

export type ExtractLimits = z.output<typeof extractLimitsSchema>;
export const defaultExtractLimits: ExtractLimits = extractLimitsSchema.parse({});

/** Raised inside extraction; mapped to a failed ExtractionResult at the edge. */
export class ExtractionError extends Error {
  readonly reason: 'too-large' | 'zip-bomb' | 'encrypted' | 'corrupt' | 'unsupported';
  constructor(reason: ExtractionError['reason'], message: string) {
    super(message);
    this.name = 'ExtractionError';
    this.reason = reason;
  }
}
