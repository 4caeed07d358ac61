import { methodStrength, type NotificationLanguage, type VerificationMethod } from '../transfers/model.ts';

/**
 * One entry of an organisation's recipient directory (docs/directory.md): how the organisation verifies this
 * recipient. The number is stored only sealed under SECRET_KEY; this record carries it sealed, the directory
 * service opens it where a sender or the admin's export needs it.
 */
export interface DirectoryEntry {
  id: string;
  orgId: string;
  /** Lower-case address. */
  email: string;
  method: VerificationMethod;
  phoneSealed: string | null;
  lang: NotificationLanguage;
  updatedAt: Date;
  /** The staff address (or "import by …") that last wrote it. */
  updatedBy: string;
  /** base64url age file: the access code sealed to the organisation key on a member's device; the server cannot open it. */
  codeSealed: string | null;
}

export interface DirectoryPage {
  items: DirectoryEntry[];
  total: number;
}

/**
 * The method to pre-select for a recipient: the strongest of those the directory can serve and the organisation
 * allows: the method last chosen, and SMS whenever a number is on file. Ties keep the method last chosen.
 * Undefined when nothing known is allowed any more (the sender starts from the organisation's default).
 */
export function strongestAvailable(entry: { method: VerificationMethod; hasPhone: boolean }, allowed: readonly VerificationMethod[]): VerificationMethod | undefined {
  const candidates = [entry.method, ...(entry.hasPhone ? (['sms'] as const) : [])].filter((m) => allowed.includes(m));
  return candidates.reduce<VerificationMethod | undefined>((best, m) => (best === undefined || methodStrength[m] > methodStrength[best] ? m : best), undefined);
}
