/**
 * The gateway's durable state for held mail and for replies to gateway messages (migration 0030,
 * docs/gateway/held-and-replies.md). Rows carry a retry schedule and a per-row claim, so with several server
 * processes one of them works on a row at a time (claim = conditional update, like the outbox).
 */
import type { NotificationLanguage, TransferRecord } from '../transfers/model.ts';

export type HeldState = 'held' | 'releasing' | 'delivered' | 'expired';

export interface HeldMailRecord {
  id: string;
  orgId: string | null;
  senderUserId: string;
  senderEmail: string;
  recipient: string;
  /** The recipient's language. */
  lang: NotificationLanguage;
  senderLang: NotificationLanguage;
  mailFrom: string;
  blobKey: string;
  blobLocator: string;
  keyId: string;
  /** The blob's age identity sealed under the erasable key `keyId`. */
  sealedIdentity: string;
  size: number;
  sealedSubject: string;
  state: HeldState;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  expiresAt: Date;
  finishedAt: Date | null;
}

/** A row claimed by one worker until `lockedUntil`; outcomes are recorded only by the claim that is still current. */
export interface RowClaim {
  id: string;
  lockedBy: string;
  attempts: number;
}

export interface HeldMailRepository {
  create(record: HeldMailRecord): Promise<void>;
  get(id: string): Promise<HeldMailRecord | undefined>;
  /** Held mails created by a sender since `since`, in any state. */
  countBySenderSince(senderUserId: string, since: Date): Promise<number>;
  /** Mails still held (or releasing) for a recipient. */
  countOpenForRecipient(recipient: string): Promise<number>;
  /** held → releasing for every held mail to `recipient` not yet expired; returns the ids. */
  markReleasing(recipient: string, now: Date): Promise<string[]>;
  /**
   * Claims one due row in `state` (next_attempt_at reached, not claimed or its claim ran out) for `leaseMs`,
   * counting an attempt; undefined when none is due.
   */
  claimDue(state: 'releasing', options: { now: Date; leaseMs: number; workerId: string }): Promise<{ record: HeldMailRecord; claim: RowClaim } | undefined>;
  /** Held rows whose expires_at has passed, claimed like claimDue. */
  claimExpired(options: { now: Date; leaseMs: number; workerId: string }): Promise<{ record: HeldMailRecord; claim: RowClaim } | undefined>;
  /** Ends a claimed row in a final state. False when the claim is no longer current. */
  finish(claim: RowClaim, state: 'delivered' | 'expired', now: Date): Promise<boolean>;
  /** Gives a claimed row back for a later attempt. */
  retryLater(claim: RowClaim, nextAttemptAt: Date, error: string): Promise<boolean>;
  /** Rows in a final state whose key and blob were not yet destroyed (a crash right after the commit). */
  listUndestroyed(limit: number): Promise<HeldMailRecord[]>;
  markDestroyed(id: string, now: Date): Promise<void>;
}

export interface GatewayTransferRecord {
  transferId: string;
  orgId: string | null;
  senderUserId: string;
  senderEmail: string;
  lang: NotificationLanguage;
  messageId: string | null;
  sealedSubject: string;
  createdAt: Date;
}

export type GatewayReplyState = 'pending' | 'relayed' | 'kept';

export interface GatewayReplyRecord {
  replyId: string;
  transferId: string;
  wrappedIdentity: string;
  state: GatewayReplyState;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface GatewayKeyRecord {
  publicKey: string;
  sealedIdentity: string;
  createdAt: Date;
}

export interface GatewayReplyRepository {
  /** Records a portal message the gateway sent; a second call for the same transfer changes nothing. */
  markTransfer(record: GatewayTransferRecord): Promise<void>;
  getTransfer(transferId: string): Promise<GatewayTransferRecord | undefined>;
  /**
   * The owner's own portal messages the gateway made from the mail with this Message-ID (without angle brackets):
   * gateway rows of `owner.userId` whose transfer is theirs too (sender user and organisation) and not a reply,
   * newest first, at most `limit`. Other senders' rows are never read, so they cannot crowd the owner's out.
   */
  listOwnTransfersByMessageId(messageId: string, owner: { userId: string; orgId: string }, limit: number): Promise<TransferRecord[]>;
  /** Stores a reply's gateway wrap as a pending relay job (inside the reply's send transaction). */
  addReply(record: { replyId: string; transferId: string; wrappedIdentity: string; createdAt: Date }): Promise<void>;
  getReply(replyId: string): Promise<GatewayReplyRecord | undefined>;
  claimDueReply(options: { now: Date; leaseMs: number; workerId: string }): Promise<{ record: GatewayReplyRecord; claim: RowClaim } | undefined>;
  finishReply(claim: RowClaim, state: 'relayed' | 'kept', now: Date): Promise<boolean>;
  retryReplyLater(claim: RowClaim, nextAttemptAt: Date, error: string): Promise<boolean>;
  /** The installation's gateway key, if made. */
  getKey(): Promise<GatewayKeyRecord | undefined>;
  /** Stores the key unless one exists (two processes racing on first use keep the first); returns the stored one. */
  putKeyIfAbsent(record: GatewayKeyRecord): Promise<GatewayKeyRecord>;
}

export interface GatewayRepositories {
  readonly heldMail: HeldMailRepository;
  readonly gatewayReplies: GatewayReplyRepository;
}
