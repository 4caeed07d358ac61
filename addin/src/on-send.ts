// What happens when the user presses Send (OnMessageSend, Smart Alerts, SendMode=SoftBlock in the manifest). For now:
// always allow, and when "Send securely" is on in gateway mode, (re)set X-Sealpost-Secure first so the gateway
// protects the mail. Security notices and end-to-end sending come with the feature work and plug in here.
// Kept quick: Outlook gives the handler a limited time (about 5 minutes on the web, less felt by the user), and
// every path ends in event.completed exactly once.
import { languageOf, translator } from './i18n.ts';
import type { MailboxItem, SendEvent } from './office.ts';
import { applySecureHeader, readSecureFlag } from './secure-flag.ts';
import type { SendingMode } from './sending-mode.ts';

export interface SendDecision {
  allowEvent: boolean;
  errorMessage?: string;
}

export async function decideOnSend(item: MailboxItem | undefined, mode: SendingMode, displayLanguage: string): Promise<SendDecision> {
  if (!item) return { allowEvent: true };
  let secure: boolean;
  try {
    secure = await readSecureFlag(item);
  } catch {
    // Without the flag we cannot know the user's choice; SoftBlock semantics: let the mail go (the gateway's own
    // triggers — subject tag, DLP rules — still apply).
    return { allowEvent: true };
  }
  if (!secure || mode !== 'gateway') return { allowEvent: true };
  try {
    await applySecureHeader(item, true);
    return { allowEvent: true };
  } catch {
    // The user asked for secure sending and we could not mark the mail: stop rather than send it unprotected.
    return { allowEvent: false, errorMessage: translator(languageOf(displayLanguage))('send.headerFailed') };
  }
}

/** Runs decideOnSend and completes the event exactly once, whatever happens. */
export function handleSend(event: SendEvent, item: MailboxItem | undefined, mode: SendingMode, displayLanguage: string): void {
  decideOnSend(item, mode, displayLanguage).then(
    (decision) => event.completed(decision),
    () => event.completed({ allowEvent: true }),
  );
}
