import type { AccountRepositories } from './accounts.ts';
import type { AuditRepository } from './audit.ts';
import type { DirectoryRepository } from './directory-repository.ts';
import type { DirectoryKeysRepository } from './directory-keys.ts';
import type { GatewayRepositories } from './gateway.ts';
import type { GatewayDeliveryRepository } from './gateway-deliveries.ts';
import type { LeaseRepository } from './leases.ts';
import type { OrgKeyRepository } from './org-key-repository.ts';
import type { OutboxRepository } from './outbox.ts';
import type { RecipientAccountRepositories } from './recipient-accounts.ts';
import type { SsoRepository } from './sso.ts';
import type { TransferRepositories } from './transfer-repositories.ts';

/** Organisation settings: key → JSON value. */
export interface SettingsRepository {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  list(): Promise<Array<{ key: string; value: unknown; updatedAt: Date }>>;
}

/**
 * The unit of work the domain uses. Every repository here reads and writes through the same
 * connection; `transaction` hands `fn` a copy bound to one transaction, so a service writes its
 * change and the outbox row atomically without knowing SQL:
 *
 * @example
 * await repos.transaction(async (tx) => {
 *   await tx.transfers.create(transfer);           // (later)
 *   await tx.outbox.enqueue({ kind: 'mail', payload: sealed, topic: 'transfer.notification', ref: transfer.id });
 * });
 *
 * Semantics, the same on SQLite and PostgreSQL: all writes inside commit together or not at all (an
 * exception rolls back and is rethrown); a `transaction` call on the transaction's own repositories
 * joins the outer transaction. Writers are serialised on SQLite (BEGIN IMMEDIATE); on PostgreSQL the
 * isolation is READ COMMITTED, so read-modify-write must use conditional updates, not a read then a write.
 *
 * To add a repository (transfers, recipients, audit): add its port here, then one line in the
 * adapter's repository map (src/adapters/db/repositories.ts).
 */
export interface Repositories extends TransferRepositories, AccountRepositories, RecipientAccountRepositories, GatewayRepositories {
  readonly outbox: OutboxRepository;
  readonly settings: SettingsRepository;
  readonly leases: LeaseRepository;
  readonly audit: AuditRepository;
  readonly sso: SsoRepository;
  readonly directory: DirectoryRepository;
  readonly directoryKeys: DirectoryKeysRepository;
  readonly orgKeys: OrgKeyRepository;
  readonly gatewayDeliveries: GatewayDeliveryRepository;
  transaction<T>(fn: (repos: Repositories) => Promise<T>): Promise<T>;
}
