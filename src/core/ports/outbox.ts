/**
 * The transactional outbox: a mail or SMS to send is a row written in the same transaction as the
 * change that causes it, and a worker delivers it later with retries. The payload is opaque to the
 * outbox (the caller may seal it); it rests only until delivery and is erased once sent.
 */
export type OutboxKind = 'mail' | 'sms';

/** queued → sending (leased by one worker) → sent | queued again (retry) | failed (gave up). */
export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed';

export const outboxKinds: readonly OutboxKind[] = ['mail', 'sms'];
export const outboxStatuses: readonly OutboxStatus[] = ['queued', 'sending', 'sent', 'failed'];

export interface NewOutboxItem {
  kind: OutboxKind;
  /** Opaque text, e.g. sealed JSON of an OutgoingMail. Erased when the item is sent. */
  payload: string;
  /** What caused the item, for the admin and the audit trail (e.g. 'transfer.notification'). */
  topic?: string;
  /** An id the topic refers to (e.g. the transfer id). Never a secret. */
  ref?: string;
  /** Do not deliver before this time (defaults to now). */
  notBefore?: Date;
}

/** What the admin sees: everything but the payload. */
export interface OutboxSummary {
  id: string;
  kind: OutboxKind;
  topic: string | null;
  ref: string | null;
  status: OutboxStatus;
  /** Delivery attempts started so far (a claim counts, so a crashed worker's attempt is counted). */
  attempts: number;
  nextAttemptAt: Date;
  lockedUntil: Date | null;
  lockedBy: string | null;
  /** A short, safe description of the last failure; never contains the payload. */
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface OutboxItem extends OutboxSummary {
  /** null once sent: link secrets rest in the outbox only until delivery. */
  payload: string | null;
}

/** An item leased to one worker until `lockedUntil`; its payload is present. */
export interface ClaimedOutboxItem extends OutboxSummary {
  status: 'sending';
  payload: string;
  lockedUntil: Date;
  lockedBy: string;
}

/**
 * Which claim an outcome belongs to. A worker whose lease expired may finish after another worker
 * claimed the item again (attempts grew by one); its late outcome must not overwrite the newer one.
 */
export type OutboxClaim = Pick<ClaimedOutboxItem, 'id' | 'lockedBy' | 'attempts'>;

export interface ClaimOptions {
  now: Date;
  limit: number;
  /** How long the claim holds; afterwards another worker may claim the item again (crash recovery). */
  leaseMs: number;
  workerId: string;
}

export interface OutboxListOptions {
  status?: OutboxStatus;
  limit?: number;
}

/** A delivery of one organisation that has not gone out: given up, or waiting for its next try after a failure. */
export interface OrgDelivery extends OutboxSummary {
  /** The addressee: a transfer's recipient, or an invited staff member. */
  recipient: string;
  transferId: string | null;
}

/** Topics whose ref is a transfer recipient's id, and the one whose ref is a staff user's id. */
export const recipientTopics = ['transfer.notification', 'recipient.code'] as const;
export const invitationTopic = 'account.invitation';

export interface OutboxRepository {
  enqueue(item: NewOutboxItem): Promise<OutboxSummary>;
  /**
   * Lease up to `limit` due items (queued and due, or sending with an expired lease) to `workerId`.
   * Safe with several workers and several processes: each item is handed to one worker at a time.
   */
  claimDue(options: ClaimOptions): Promise<ClaimedOutboxItem[]>;
  /**
   * Marks a leased item sent and erases its payload. Returns false (and changes nothing) unless the
   * item is still being sent under this very claim.
   */
  markSent(claim: OutboxClaim): Promise<boolean>;
  /**
   * Extends a claim's lease to `until` (a worker still delivering or recording the item). Returns false (and
   * changes nothing) unless the item is still being sent under this very claim.
   */
  extendLease(claim: OutboxClaim, until: Date): Promise<boolean>;
  /**
   * Records a failed attempt. With a next attempt time the item is queued again; with null the
   * outbox gives up: status 'failed', kept with its last error for the admin. Returns false (and
   * changes nothing) unless the item is still being sent under this very claim.
   */
  markFailed(claim: OutboxClaim, error: string, nextAttemptAt: Date | null): Promise<boolean>;
  /** Admin: queue a failed item again, due now. Returns false if it was not failed or its payload is gone. */
  requeue(id: string): Promise<boolean>;
  /**
   * Withdraws the undelivered items (queued, or given up) of a topic for these refs: status failed with `error`,
   * payload erased. Returns the erased payloads, so their keys can be destroyed too. Items being sent right now
   * are left to their worker.
   */
  withdraw(options: { topic: string; refs: readonly string[]; error: string }): Promise<string[]>;
  /**
   * Admin: deliver now. A failed item (payload kept) or one waiting to retry is queued again with its backoff reset
   * (attempts 0, due now). Returns false otherwise (sent, being sent, withdrawn).
   */
  retryNow(id: string): Promise<boolean>;
  /** The organisation's undelivered items (see OrgDelivery), newest first, at most `limit`. */
  listUndeliveredForOrg(orgId: string, limit: number): Promise<OrgDelivery[]>;
  get(id: string): Promise<OutboxItem | undefined>;
  /** Newest first, without payloads. */
  list(options?: OutboxListOptions): Promise<OutboxSummary[]>;
}
