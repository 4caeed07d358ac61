// Finding the Sealpost message behind a mail in Sent Items, and asking the server about it with the add-in's token
// (GET /api/transfers/{id}, recall). Two ways a mail becomes a Sealpost message:
//  - sent end to end from the add-in: the transfer id is stored in the item's custom property `sealpostTransferId`
//    and in the internet header `X-Sealpost-Transfer` of the copy in Sent Items (whichever survives on the client);
//  - sent by Outlook through the organisation's gateway: the gateway recorded the mail's Message-ID with every portal
//    message it made from it (one for the visible recipients, one per Bcc, one per large-file or PDF link:
//    GET /api/transfers/by-message-id answers them all).
// Only for a mail the user sent: a received mail can carry the same header or a reused Message-ID (a colleague on Cc
// who writes to the user with it), and must not show the user's own messages with recall buttons.
import { createApiClient } from '../../src/client/api-client.ts';
import type { TransferView } from '../../src/client/api-contract.ts';
import { loadCustomProperties, type MailboxItem, office, promisify } from './office.ts';
import { transferHeaderName as transferIdHeader, transferIdProperty } from './sent-copy.ts';

/** A transfer id (src/client/api-contract.ts publicId). */
const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** The Sealpost messages behind a mail: one sent end to end, or all the gateway made from it (newest first). */
export type SentLookup = { kind: 'found'; transfers: TransferView[] } | { kind: 'notSealpost' };

/**
 * Whether the user sent the item being read: its sender (read mode) is the signed-in mailbox. Without a sender to
 * compare (a client that gives none), it is not treated as sent: showing nothing is safer than someone else's card.
 */
export function isOwnSentItem(item: MailboxItem, me: string | undefined = office().context.mailbox?.userProfile?.emailAddress): boolean {
  const from = item.from && 'emailAddress' in item.from ? item.from.emailAddress : undefined;
  const normal = (address: string | undefined) => address?.trim().toLowerCase() ?? '';
  return normal(from) !== '' && normal(from) === normal(me);
}

/** One header's value from an RFC 5322 header block (folded lines joined), case-insensitive; the first if repeated. */
export function headerValue(block: string, name: string): string | undefined {
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  const wanted = name.toLowerCase();
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === wanted) return line.slice(colon + 1).trim();
  }
  return undefined;
}

const asId = (value: unknown): string | undefined => (typeof value === 'string' && ID_PATTERN.test(value.trim()) ? value.trim() : undefined);

/** The transfer id the add-in stored on the item: the custom property, else the internet header. */
export async function storedTransferId(item: MailboxItem): Promise<string | undefined> {
  const props = await loadCustomProperties(item).catch(() => undefined);
  const fromProperty = asId(props?.get(transferIdProperty));
  if (fromProperty || !item.getAllInternetHeadersAsync) return fromProperty;
  const read = item.getAllInternetHeadersAsync.bind(item);
  const headers = await promisify<string>((cb) => read(cb)).catch(() => '');
  return asId(headerValue(headers, transferIdHeader));
}

/** The add-in's requests: same origin, bearer token, no cookies (the client core's fetch client). */
const api = () => createApiClient({ baseUrl: '' });
const isNotFound = (e: unknown) => typeof e === 'object' && e !== null && 'status' in e && e.status === 404;

/**
 * The Sealpost messages behind an item the user sent (isOwnSentItem: the caller checks): by stored transfer id, else
 * every one the gateway made from its Message-ID; not a Sealpost message if neither.
 */
export async function lookUpSent(item: MailboxItem, token: string): Promise<SentLookup> {
  const id = await storedTransferId(item);
  const messageId = item.internetMessageId?.trim();
  try {
    if (id) return { kind: 'found', transfers: [await api().request<TransferView>('GET', `/api/transfers/${id}`, { token })] };
    if (!messageId) return { kind: 'notSealpost' };
    const { items } = await api().request<{ items: TransferView[] }>('GET', `/api/transfers/by-message-id?messageId=${encodeURIComponent(messageId)}`, { token });
    return items.length > 0 ? { kind: 'found', transfers: items } : { kind: 'notSealpost' };
  } catch (e) {
    if (isNotFound(e)) return { kind: 'notSealpost' };
    throw e;
  }
}

export async function reloadSent(id: string, token: string): Promise<TransferView> {
  return api().request<TransferView>('GET', `/api/transfers/${encodeURIComponent(id)}`, { token });
}

/** Recall for everyone, or for one recipient; answers the message as it is now. */
export async function recallSent(id: string, token: string, recipientId?: string): Promise<TransferView> {
  return api().request<TransferView>('POST', `/api/transfers/${encodeURIComponent(id)}/recall`, { token, body: recipientId ? { recipientId } : {} });
}

/** What a recall for everyone left: every message as it is now, and how many could not be recalled (with why). */
export interface RecallEveryOutcome {
  transfers: TransferView[];
  failed: number;
  reason?: string;
}

/**
 * Recall for everyone over all the messages of one mail (a gateway mail is several): each still-sent message is
 * recalled, independently, so one failing does not keep the others readable; the caller says which failed.
 */
export async function recallEvery(transfers: TransferView[], token: string): Promise<RecallEveryOutcome> {
  const results = await Promise.allSettled(transfers.map((t) => (t.status === 'sent' ? recallSent(t.id, token) : Promise.resolve(t))));
  const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  return {
    transfers: results.map((r, i) => (r.status === 'fulfilled' ? r.value : (transfers[i] as TransferView))),
    failed: rejected.length,
    ...(rejected[0] ? { reason: (rejected[0].reason as Error).message } : {}),
  };
}
