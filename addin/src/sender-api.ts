// The add-in's few reads from its server, with the personal token and never cookies or the HTTP cache, and the
// sender's workplace agreements read once: the pane's cards (verification, notices, large attachments, end-to-end
// send, the sending mode) and the Send handler (notices, large attachments) all need GET /api/sender/agreements,
// and would otherwise ask for it up to five times each time the pane opens.
import type { SenderAgreements } from '../../src/client/api-contract.ts';

type Fetch = typeof fetch;

/** An answer with an error status; `status` lets a caller treat 404 as "nothing on file". */
export class HttpStatusError extends Error {
  readonly status: number;
  constructor(path: string, status: number) {
    super(`GET ${path}: HTTP ${status}`);
    this.name = 'HttpStatusError';
    this.status = status;
  }
}

export async function getWithToken<T>(path: string, token: string, fetchImpl: Fetch = fetch): Promise<T> {
  const res = await fetchImpl(path, { headers: { authorization: `Bearer ${token}` }, credentials: 'omit', cache: 'no-store' });
  if (!res.ok) throw new HttpStatusError(path, res.status);
  return (await res.json()) as T;
}

/** What a server answers; an older one lacks the newer fields (the add-in's mode, the large-attachment threshold). */
export type AgreementsAnswer = Partial<SenderAgreements> | null;

/** Long enough to serve one pane's opening or one Send; short enough that an admin's change arrives soon. */
const agreementsTtlMs = 60_000;
type Cached = { at: number; answer: Promise<AgreementsAnswer> };
const agreementsCache = new WeakMap<Fetch, Map<string, Cached>>();

/** GET /api/sender/agreements, shared by every caller with the same token for a minute; a failure is not kept. */
export function senderAgreements(token: string, fetchImpl: Fetch = fetch): Promise<AgreementsAnswer> {
  let byToken = agreementsCache.get(fetchImpl);
  if (!byToken) agreementsCache.set(fetchImpl, (byToken = new Map<string, Cached>()));
  const hit = byToken.get(token);
  if (hit && Date.now() - hit.at < agreementsTtlMs) return hit.answer;
  const answer = getWithToken<AgreementsAnswer>('/api/sender/agreements', token, fetchImpl);
  const entry = { at: Date.now(), answer };
  byToken.set(token, entry);
  answer.catch(() => {
    if (byToken.get(token) === entry) byToken.delete(token);
  });
  return answer;
}
