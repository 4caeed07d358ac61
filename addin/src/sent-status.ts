// Finding the Sealpost message behind a mail in Sent Items, and asking the server about it with the add-in's token
// (GET /api/transfers/{id}, recall). Two ways a mail becomes a Sealpost message:
//  - sent end to end from the add-in: the transfer id is stored in the item's custom property `sealpostTransferId`
//    and in the internet header `X-Sealpost-Transfer` of the copy in Sent Items (whichever survives on the client);
//  - sent by Outlook through the organisation's gateway: the gateway recorded the mail's Message-ID with the portal
//    message it made (GET /api/transfers/by-message-id).
import { createApiClient } from '../../src/client/api-client.ts';
import type { TransferView } from '../../src/client/api-contract.ts';
import { promisify, type CustomProperties, type MailboxItem } from './office.ts';
import { transferHeaderName as transferIdHeader, transferIdProperty } from './sent-copy.ts';

/** A transfer id (src/client/api-contract.ts publicId). */
const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export type SentLookup = { kind: 'found'; transfer: TransferView } | { kind: 'notSealpost' };

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
  const props = await promisify<CustomProperties>((cb) => item.loadCustomPropertiesAsync(cb)).catch(() => undefined);
  const fromProperty = asId(props?.get(transferIdProperty));
  if (fromProperty || !item.getAllInternetHeadersAsync) return fromProperty;
  const read = item.getAllInternetHeadersAsync.bind(item);
  const headers = await promisify<string>((cb) => read(cb)).catch(() => '');
  return asId(headerValue(headers, transferIdHeader));
}

/** The add-in's requests: same origin, bearer token, no cookies (the client core's fetch client). */
const api = () => createApiClient({ baseUrl: '' });
const isNotFound = (e: unknown) => typeof e === 'object' && e !== null && 'status' in e && e.status === 404;

/** The Sealpost message behind the item: by stored transfer id, else by Message-ID; not a Sealpost message if neither. */
export async function lookUpSent(item: MailboxItem, token: string): Promise<SentLookup> {
  const id = await storedTransferId(item);
  const messageId = item.internetMessageId?.trim();
  try {
    if (id) return { kind: 'found', transfer: await api().request<TransferView>('GET', `/api/transfers/${id}`, { token }) };
    if (!messageId) return { kind: 'notSealpost' };
    const transfer = await api().request<TransferView>('GET', `/api/transfers/by-message-id?messageId=${encodeURIComponent(messageId)}`, { token });
    return { kind: 'found', transfer };
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
