import type { Repositories } from '../ports/repositories.ts';
import type { NotificationLanguage, VerificationMethod } from '../transfers/model.ts';
import type { SenderPrincipal } from '../transfers/sender-auth.ts';
import { suggestFromDirectory, type DirectoryContext } from './directory.ts';

export interface RememberedRecipient {
  method: VerificationMethod;
  /** E.164 for the server; clients get only a masked form. */
  phone: string | null;
  lang: NotificationLanguage;
  /** Where it comes from: the organisation's directory, or this sender's own earlier message. */
  source: 'directory' | 'sender';
  /** The access code sealed on a device: to the organisation key (directory) or to this sender's personal key (sender). */
  codeSealed: string | null;
}

/**
 * What compose starts from for an address (docs/directory.md). A staff member gets the organisation's directory
 * entry, whoever made it, with the strongest method it can serve pre-selected; without one, what they chose
 * themselves last time. A guest sender has only their own memory.
 */
export async function rememberedRecipient(ctx: Pick<DirectoryContext, 'secrets' | 'policy'>, repos: Repositories, sender: SenderPrincipal, email: string): Promise<RememberedRecipient | undefined> {
  if (sender.staff) {
    const entry = await suggestFromDirectory(ctx, repos, sender.staff.orgId, email);
    if (entry) return { method: entry.method, phone: entry.phone, lang: entry.lang, source: 'directory', codeSealed: entry.codeSealed };
  }
  const own = await repos.preferences.get(sender.email, email);
  return own && { method: own.method, phone: own.phone, lang: own.lang, source: 'sender', codeSealed: own.codeSealed ?? null };
}
