// Per recipient verification for a message written in Outlook (issue 15): what the organisation's directory (or the
// sender's last message) remembers for each To/Cc address — the same route the web compose asks
// (GET /api/sender/recipient-preferences, web/src/sender/recipient-chips.tsx) — limited to the methods the workplace
// agreements allow (GET /api/sender/agreements), and the user's choice stored in the item's custom properties
// (`sealpostRecipients`), where end-to-end sending and the large-attachment links read it. Only the add-in's token is
// sent. Only what the user changed is stored, and compactly: Outlook keeps at most 2,500 characters of custom
// properties per item, and the "Send securely" flag and the notice acknowledgements must still fit beside it.
import { type EmailAddressDetails, fieldValue, loadCustomProperties, type MailboxItem, promisify } from './office.ts';
import { getWithToken, senderAgreements } from './sender-api.ts';

export const verificationMethods = ['account', 'sms', 'code', 'email', 'none'] as const;
export type VerificationMethod = (typeof verificationMethods)[number];
export type NotificationLang = 'de' | 'nl' | 'en';
export const notificationLangs: readonly NotificationLang[] = ['de', 'nl', 'en'];

export interface RecipientChoice {
  method: VerificationMethod;
  /** For SMS: a new number the user typed; empty keeps the remembered one (shown masked). */
  phone: string;
  lang: NotificationLang;
  /** What was remembered, to show where the default came from (null: nothing on file). */
  rememberedFrom: 'directory' | 'sender' | null;
  maskedPhone: string | null;
}

export interface SenderChoices {
  allowedMethods: VerificationMethod[];
  defaultMethod: VerificationMethod;
  defaultLanguage: NotificationLang;
  defaultExpiryDays: number;
  maxExpiryDays: number;
  hideFileNames: boolean;
  senderMayShowFileNames: boolean;
}

interface Preference {
  method: VerificationMethod;
  maskedPhone: string | null;
  lang: NotificationLang;
  source: 'directory' | 'sender';
}

export const choicesProperty = 'sealpostRecipients';

type Fetch = typeof fetch;

export async function loadSenderChoices(token: string, fetchImpl: Fetch = fetch): Promise<SenderChoices> {
  const a = (await senderAgreements(token, fetchImpl)) as SenderChoices | null;
  if (!a) throw new Error('GET /api/sender/agreements: no agreements');
  const { allowedMethods, defaultMethod, defaultLanguage, defaultExpiryDays, maxExpiryDays, hideFileNames, senderMayShowFileNames } = a;
  return { allowedMethods, defaultMethod, defaultLanguage, defaultExpiryDays, maxExpiryDays, hideFileNames, senderMayShowFileNames };
}

/** The remembered choice for one address; the agreements' default when nothing (allowed) is on file. */
export async function rememberedChoice(email: string, token: string, choices: SenderChoices, fetchImpl: Fetch = fetch): Promise<RecipientChoice> {
  // Nothing on file (404) or not readable: the agreements' default.
  const pref = await getWithToken<Preference>(`/api/sender/recipient-preferences?email=${encodeURIComponent(email)}`, token, fetchImpl).catch(() => undefined);
  const method = pref && choices.allowedMethods.includes(pref.method) ? pref.method : choices.defaultMethod;
  return { method, phone: '', lang: pref?.lang ?? choices.defaultLanguage, rememberedFrom: pref?.source ?? null, maskedPhone: pref?.maskedPhone ?? null };
}

/** The message's To and Cc addresses, lower-case, each once. */
export async function recipientsOf(item: MailboxItem): Promise<string[]> {
  const [to, cc] = await Promise.all([fieldValue<EmailAddressDetails[]>(item.to, []), fieldValue<EmailAddressDetails[]>(item.cc, [])]);
  return [...new Set([...to, ...cc].map((r) => r.emailAddress.trim().toLowerCase()).filter((a) => a.includes('@')))];
}

/** What the item keeps for one recipient: only a choice the user made here (a default is asked again, never stored). */
export interface StoredChoice {
  method: VerificationMethod;
  /** A new SMS number the user typed (absent: the remembered one). */
  phone?: string;
  lang: NotificationLang;
}

/** The share of the item's 2,500 characters of custom properties the choices may take. */
export const maxStoredChoicesChars = 1500;

/** More changed recipients than the item can remember: the rest keep their defaults. */
export class TooManyChoices extends Error {
  constructor() {
    super('too many changed recipients to store on this message');
    this.name = 'TooManyChoices';
  }
}

export function toStored(choice: RecipientChoice): StoredChoice {
  return { method: choice.method, lang: choice.lang, ...(choice.phone.trim() ? { phone: choice.phone.trim() } : {}) };
}

/** A stored choice over what the server remembers (which still says where the default came from and the masked number). */
export function withStored(remembered: RecipientChoice, stored: StoredChoice | undefined): RecipientChoice {
  return stored ? { ...remembered, method: stored.method, phone: stored.phone ?? '', lang: stored.lang } : remembered;
}

/** A stored choice on its own (sending needs no more than this). */
export function fromStored(stored: StoredChoice): RecipientChoice {
  return withStored({ method: stored.method, phone: '', lang: stored.lang, rememberedFrom: null, maskedPhone: null }, stored);
}

function isStored(value: unknown): value is StoredChoice {
  const v = value as Partial<StoredChoice> | null;
  return typeof v === 'object' && v !== null && verificationMethods.includes(v.method as VerificationMethod) && notificationLangs.includes(v.lang as NotificationLang);
}

export async function storedChoices(item: MailboxItem): Promise<Record<string, StoredChoice>> {
  const props = await loadCustomProperties(item);
  const value = props.get(choicesProperty);
  if (!value || typeof value !== 'object') return {};
  const out: Record<string, StoredChoice> = {};
  for (const [email, choice] of Object.entries(value as Record<string, unknown>)) if (isStored(choice)) out[email] = { method: choice.method, lang: choice.lang, ...(choice.phone ? { phone: choice.phone } : {}) };
  return out;
}

/** Saves the user's choices; rejects with TooManyChoices rather than crowd out the item's other properties. */
export async function storeChoices(item: MailboxItem, choices: Record<string, StoredChoice>): Promise<void> {
  if (JSON.stringify(choices).length > maxStoredChoicesChars) throw new TooManyChoices();
  const props = await loadCustomProperties(item);
  props.set(choicesProperty, choices);
  await promisify<void>((cb) => props.saveAsync(cb));
}
