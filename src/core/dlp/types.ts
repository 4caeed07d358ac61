/** Shared types of the security-notice (data-leak prevention) engine. Pure data, no behaviour. */

export const levels = ['advice', 'warning', 'required'] as const;
export type Level = (typeof levels)[number];

export const detectorIds = [
  'iban',
  'paymentCard',
  'bsn',
  'steuerId',
  'kvnr',
  'beNationalNumber',
  'atSvNumber',
  'nhsNumber',
  'phone',
  'dateOfBirth',
  'medical',
  /** A named, identifiable person (a signal: it raises no notice of its own). */
  'person',
  'externalRecipient',
  'newRecipient',
  'visibleRecipients',
  'lookalikeDomain',
  'personalMailbox',
  'riskyAttachment',
  'unscannable',
  'customKeyword',
  'customPattern',
  'combination',
  /** A recipient in a domain the organisation's agreements always send securely to (docs/agreements.md). */
  'secureDomain',
] as const;
export type DetectorId = (typeof detectorIds)[number];

/** Where something was found. `line` and `page` are 1-based. */
export interface Location {
  part: 'subject' | 'body' | 'attachmentName' | 'attachment' | 'recipients';
  attachmentName?: string;
  /** PDF page, or spreadsheet sheet number. */
  page?: number;
  line?: number;
}

/** Text of an attachment as extracted (one entry per PDF page / sheet; one entry for flat files). */
export interface TextPage {
  page?: number;
  text: string;
}

export type ExtractionFailureReason =
  | 'too-large'
  | 'zip-bomb'
  | 'timeout'
  | 'encrypted'
  | 'corrupt'
  | 'unsupported'
  | 'resources';

export type ExtractionResult =
  | { status: 'ok'; format: string; pages: TextPage[]; hasMacros: boolean }
  | { status: 'failed'; reason: ExtractionFailureReason; detail?: string };

export interface DraftAttachment {
  name: string;
  size?: number;
  /** Result of text extraction; absent means the caller did not try (the name is still checked). */
  extraction?: ExtractionResult;
}

export interface Draft {
  subject: string;
  body: string;
  to: string[];
  cc?: string[];
  bcc?: string[];
  attachments?: DraftAttachment[];
}

export interface ScanContext {
  /** The sender's address; its domain counts as internal. */
  senderAddress?: string;
  /** Addresses this sender (or organisation) has written to before, lower-case. */
  knownAddresses?: ReadonlySet<string> | readonly string[];
}

/** One raw hit of a content detector, before rules decide on a notice. */
export interface Finding {
  detector: DetectorId;
  /** Rule that produced it (custom rules, combinations); defaults to the detector id. */
  ruleId?: string;
  location: Location;
  /** Already masked; never the full value. */
  evidence: string;
  /** Normalised value, used for de-duplication and exceptions only; never leaves the engine. */
  value: string;
  /** Contribution to a weighted score (medical vocabulary, a person's identifiability); 1 for plain hits. */
  weight: number;
  /** Context of the hit where it matters: an IBAN is `private`, `company` or `neutral`. */
  tag?: string;
}

export interface Notice {
  /** Stable per rule: the detector id, or `custom:<id>` / `combination:<id>`. */
  id: string;
  level: Level;
  detector: DetectorId;
  /** Number of distinct values (or recipients, files) that triggered it. */
  count: number;
  /** Up to five places it was found. */
  locations: Location[];
  /** Up to three masked examples. */
  evidence: string[];
  /** Extra facts for the notice text (e.g. threshold, score, rule label). */
  params: Record<string, string | number>;
}

export interface ScanResult {
  notices: Notice[];
  /** The highest level among the notices, or null when there are none. */
  highestLevel: Level | null;
  /** Distinct hits per detector, including detectors that raised no notice (signals). */
  counts: Partial<Record<DetectorId, number>>;
  scannedChars: number;
}
