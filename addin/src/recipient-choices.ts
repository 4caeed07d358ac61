// Per recipient verification for a message written in Outlook (issue 15): what the organisation's directory (or the
// sender's last message) remembers for each To/Cc address — the same route the web compose asks
// (GET /api/sender/recipient-preferences, web/src/sender/recipient-chips.tsx) — limited to the methods the workplace
// agreements allow (GET /api/sender/agreements), and the user's choice stored in the item's custom properties
// (`sealpostRecipients`), where end-to-end sending (a later part) reads it. Only the add-in's token is sent.
import { fieldValue, promisify, type CustomProperties, type EmailAddressDetails, type MailboxItem } from './office.ts';

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

async function getJson<T>(fetchImpl: Fetch, path: string, token: string): Promise<T | undefined> {
  const res = await fetchImpl(path, { headers: { authorization: `Bearer ${token}` }, credentials: 'omit', cache: 'no-store' });
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as T;
}

export async function loadSenderChoices(token: string, fetchImpl: Fetch = fetch): Promise<SenderChoices> {
  const a = await getJson<SenderChoices>(fetchImpl, '/api/sender/agreements', token);
  if (!a) throw new Error('HTTP 404');
  const { allowedMethods, defaultMethod, defaultLanguage, defaultExpiryDays, maxExpiryDays, hideFileNames, senderMayShowFileNames } = a;
  return { allowedMethods, defaultMethod, defaultLanguage, defaultExpiryDays, maxExpiryDays, hideFileNames, senderMayShowFileNames };
}

/** The remembered choice for one address; the agreements' default when nothing (allowed) is on file. */
export async function rememberedChoice(email: string, token: string, choices: SenderChoices, fetchImpl: Fetch = fetch): Promise<RecipientChoice> {
  const pref = await getJson<Preference>(fetchImpl, `/api/sender/recipient-preferences?email=${encodeURIComponent(email)}`, token).catch(() => undefined);
  const method = pref && choices.allowedMethods.includes(pref.method) ? pref.method : choices.defaultMethod;
  return { method, phone: '', lang: pref?.lang ?? choices.defaultLanguage, rememberedFrom: pref?.source ?? null, maskedPhone: pref?.maskedPhone ?? null };
}

/** The message's To and Cc addresses, lower-case, each once. */
export async function recipientsOf(item: MailboxItem): Promise<string[]> {
  const [to, cc] = await Promise.all([fieldValue<EmailAddressDetails[]>(item.to, []), fieldValue<EmailAddressDetails[]>(item.cc, [])]);
  return [...new Set([...to, ...cc].map((r) => r.emailAddress.trim().toLowerCase()).filter((a) => a.includes('@')))];
}

export async function storedChoices(item: MailboxItem): Promise<Record<string, RecipientChoice>> {
  const props = await promisify<CustomProperties>((cb) => item.loadCustomPropertiesAsync(cb));
  const value = props.get(choicesProperty);
  return value && typeof value === 'object' ? (value as Record<string, RecipientChoice>) : {};
}

/** Saves the choices for the current recipients (addresses no longer on the message are dropped). */
export async function storeChoices(item: MailboxItem, choices: Record<string, RecipientChoice>): Promise<void> {
  const props = await promisify<CustomProperties>((cb) => item.loadCustomPropertiesAsync(cb));
  props.set(choicesProperty, choices);
  await promisify<void>((cb) => props.saveAsync(cb));
}
