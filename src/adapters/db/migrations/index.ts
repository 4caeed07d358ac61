import type { Migration } from 'kysely/migration';
import * as m0001 from './0001-outbox-dev-mailbox-settings.ts';
import * as m0002 from './0002-transfers.ts';
import * as m0003 from './0003-drop-dev-mailbox.ts';
import * as m0005 from './0005-download-limits-quotas.ts';
import * as m0006 from './0006-leases.ts';
import * as m0007 from './0007-blob-stores.ts';
import * as m0008 from './0008-audit-chain.ts';
import * as m0009 from './0009-accounts.ts';
import * as m0011 from './0011-totp-pending-secret.ts';

/**
 * Every migration, in order. Forward-only: never edit or remove a released entry; add a new file
 * `NNNN-what-it-does.ts` exporting `up(db)` (Kysely schema builder, snake_case names, portable
 * types only: text, integer, bigint, boolean…) and append one line here. Listed statically, not
 * scanned from a folder, so the set is fixed at build time and works under type stripping.
 */
export const migrations: ReadonlyArray<readonly [name: string, migration: Migration]> = [
  ['0001-outbox-dev-mailbox-settings', m0001],
  ['0002-transfers', m0002],
  ['0003-drop-dev-mailbox', m0003],
  ['0005-download-limits-quotas', m0005],
  ['0006-leases', m0006],
  ['0007-blob-stores', m0007],
  ['0008-audit-chain', m0008],
  ['0009-accounts', m0009],
  ['0011-totp-pending-secret', m0011],
];
