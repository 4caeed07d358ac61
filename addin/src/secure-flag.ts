// "Send securely" on one message: kept in the item's custom properties (so it survives closing and reopening the
// draft and both the task pane and the send handler see it) and, in gateway mode, mirrored into the internet header
// the gateway triggers on (src/core/gateway/model.ts: `X-Sealpost-Secure: 1`, trusted on the submission path).
// Used by the task pane (the toggle) and by the OnMessageSend handler (commands.ts): one implementation for both.
import { loadCustomProperties, type MailboxItem, promisify } from './office.ts';
import type { SendingMode } from './sending-mode.ts';

export const secureHeaderName = 'X-Sealpost-Secure';
export const secureHeaderValue = '1';
const property = 'sealpostSecure';

/** Set on a draft while the pane's end-to-end send of it runs (use-secure-send.ts); cleared with the record's mark. */
export const pendingSendProperty = 'sealpostPendingTransfer';

export interface SecureChoice {
  secure: boolean;
  /**
   * The sending mode the toggle was turned on in, stored with it: the send handler must not guess it from a cache that
   * another machine or browser never filled. Undefined for a flag stored before the mode was (`true`).
   */
  mode: SendingMode | undefined;
  /** An end-to-end send of this draft is under way (or was cut short): Outlook must not send the draft itself. */
  pending: boolean;
}

export async function readSecureChoice(item: MailboxItem): Promise<SecureChoice> {
  const props = await loadCustomProperties(item);
  const value = props.get(property);
  const pending = typeof props.get(pendingSendProperty) === 'string';
  if (value === 'gateway' || value === 'end-to-end') return { secure: true, mode: value, pending };
  return { secure: value === true || value === 'true', mode: undefined, pending };
}

export async function readSecureFlag(item: MailboxItem): Promise<boolean> {
  return (await readSecureChoice(item)).secure;
}

/** Whether the message carries `X-Sealpost-Secure: 1` (the toggle sets it in both modes). */
export async function secureHeaderSet(item: MailboxItem): Promise<boolean> {
  const headers = item.internetHeaders;
  if (!headers) return false;
  const found = await promisify<Record<string, string>>((cb) => headers.getAsync([secureHeaderName], cb));
  return found[secureHeaderName] === secureHeaderValue;
}

/**
 * Stores the choice and sets or removes the header at once (the send handler re-asserts it in gateway mode). In
 * gateway mode the header goes first: if it cannot be set, nothing is stored, so the pane never shows "secure" for a
 * message the gateway would not recognise.
 */
export async function writeSecureFlag(item: MailboxItem, secure: boolean, mode: SendingMode): Promise<void> {
  if (mode === 'gateway') await applySecureHeader(item, secure);
  // End-to-end: the pane sends, and Outlook's own Send is stopped. The header is set too, as a backstop where the send
  // handler cannot run (mobile, SoftBlock while the add-in is unavailable): a gateway in the path then still protects
  // the mail. Best effort here, since this mode does not depend on it.
  else await applySecureHeader(item, secure).catch(() => undefined);
  try {
    const props = await loadCustomProperties(item);
    if (secure) props.set(property, mode);
    else props.remove(property);
    await promisify<void>((cb) => props.saveAsync(cb));
  } catch (error) {
    // Undo the header so the message is not half marked; the original error is what the user needs to see.
    await applySecureHeader(item, !secure).catch(() => undefined);
    throw error;
  }
}

/** Sets `X-Sealpost-Secure: 1` or removes it. Needs a compose item (Mailbox 1.8 internetHeaders). */
export async function applySecureHeader(item: MailboxItem, secure: boolean): Promise<void> {
  const headers = item.internetHeaders;
  if (!headers) throw new Error('This Outlook cannot set message headers (Mailbox 1.8 needed)');
  if (secure) await promisify<void>((cb) => headers.setAsync({ [secureHeaderName]: secureHeaderValue }, cb));
  else await promisify<void>((cb) => headers.removeAsync([secureHeaderName], cb));
}
