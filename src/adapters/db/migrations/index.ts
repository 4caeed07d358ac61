import type { SealpostMigration } from './context.ts';
import * as m0001 from './0001-outbox-dev-mailbox-settings.ts';
import * as m0002 from './0002-transfers.ts';
import * as m0003 from './0003-drop-dev-mailbox.ts';
import * as m0005 from './0005-download-limits-quotas.ts';
import * as m0006 from './0006-leases.ts';
import * as m0007 from './0007-blob-stores.ts';
import * as m0008 from './0008-audit-chain.ts';
import * as m0009 from './0009-accounts.ts';
import * as m0010 from './0010-audit-pending.ts';
import * as m0011 from './0011-totp-pending-secret.ts';
import * as m0013 from './0013-user-last-sign-in.ts';
import * as m0014 from './0014-passkeys.ts';
import * as m0015 from './0015-personal-tokens.ts';
import * as m0016 from './0016-sealed-totp-sms-factor.ts';
import * as m0017 from './0017-sso.ts';
import * as m0018 from './0018-key-recovery.ts';
import * as m0019 from './0019-sso-reauth-flows.ts';
import * as m0021 from './0021-recipient-directory.ts';
import * as m0022 from './0022-recipient-accounts.ts';
import * as m0023 from './0023-recipient-method-account.ts';
import * as m0024 from './0024-transfer-threads.ts';
import * as m0025 from './0025-org-access-codes.ts';
import * as m0026 from './0026-recipient-passkeys.ts';
import * as m0027 from './0027-gateway-deliveries.ts';
import * as m0028 from './0028-directory-keys.ts';
import * as m0029 from './0029-recipient-pdf-keys.ts';
import * as m0030 from './0030-gateway-held-replies.ts';
import * as m0031 from './0031-gateway-transfers-message-id.ts';

/**
 * Every migration, in order. Forward-only: never edit or remove a released entry; add a new file
 * `NNNN-what-it-does.ts` exporting `up(db)` (Kysely schema builder, snake_case names, portable
 * types only: text, integer, bigint, boolean…) and append one line here. A data migration that needs the server's
 * SECRET_KEY takes it from its second argument (context.ts). Listed statically, not
 * scanned from a folder, so the set is fixed at build time and works under type stripping.
 */
export const migrations: ReadonlyArray<readonly [name: string, migration: SealpostMigration]> = [
  ['0001-outbox-dev-mailbox-settings', m0001],
  ['0002-transfers', m0002],
  ['0003-drop-dev-mailbox', m0003],
  ['0005-download-limits-quotas', m0005],
  ['0006-leases', m0006],
  ['0007-blob-stores', m0007],
  ['0008-audit-chain', m0008],
  ['0009-accounts', m0009],
  ['0010-audit-pending', m0010],
  ['0011-totp-pending-secret', m0011],
  ['0013-user-last-sign-in', m0013],
  ['0014-passkeys', m0014],
  ['0015-personal-tokens', m0015],
  ['0016-sealed-totp-sms-factor', m0016],
  ['0017-sso', m0017],
  ['0018-key-recovery', m0018],
  ['0019-sso-reauth-flows', m0019],
  ['0021-recipient-directory', m0021],
  ['0022-recipient-accounts', m0022],
  ['0023-recipient-method-account', m0023],
  ['0024-transfer-threads', m0024],
  ['0025-org-access-codes', m0025],
  ['0026-recipient-passkeys', m0026],
  ['0027-gateway-deliveries', m0027],
  ['0028-directory-keys', m0028],
  ['0029-recipient-pdf-keys', m0029],
  ['0030-gateway-held-replies', m0030],
  ['0031-gateway-transfers-message-id', m0031],
];
