import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { systemClock } from '../../adapters/clock/system-clock.ts';
import { createDatabase, type Database } from '../../adapters/db/database.ts';
import { createRepositories } from '../../adapters/db/repositories.ts';
import { createMemoryDevMailbox } from '../../adapters/mailer/memory-dev-mailbox.ts';
import type { Config } from '../../config/config.ts';
import { resolveSecretKey } from '../../config/secret-key.ts';
import { agreementsOf } from '../../core/agreements/enforce.ts';
import type { BlobStores } from '../../core/ports/blob-store.ts';
import type { Clock } from '../../core/ports/clock.ts';
import type { DevMailboxStore } from '../../core/ports/dev-mailbox.ts';
import type { Repositories } from '../../core/ports/repositories.ts';
import type { TransferContext } from '../../core/transfers/context.ts';
import { createOwnerTurns } from '../../core/transfers/owner-turns.ts';
import { afterOutboxDelivered } from '../../core/transfers/delivery-events.ts';
import { authenticateSender } from '../../core/transfers/sender-auth.ts';
import { createHttpApp } from '../../http/app.ts';
import { adminRoutes } from '../../http/routes/admin-routes.ts';
import { accountRoutes } from '../../http/routes/account-routes.ts';
import { passkeyRoutes } from '../../http/routes/passkey-routes.ts';
import { orgAdminRoutes } from '../../http/routes/org-admin-routes.ts';
import { tokenRoutes } from '../../http/routes/token-routes.ts';
import { smsFactorRoutes } from '../../http/routes/sms-factor-routes.ts';
import { ssoRoutes } from '../../http/routes/sso-routes.ts';
import { createOpenIdRelyingParty } from '../../adapters/oidc/openid-client.ts';
import { defaultSsoPolicy, type SsoContext } from '../../core/sso/context.ts';
import { providerSignOutUrl } from '../../core/sso/sso-session.ts';
import { orgConsoleRoutes } from '../../http/routes/org-console-routes.ts';
import { addinRoutes } from '../../http/routes/addin-routes.ts';
import { addinIdFor } from '../../crypto/addin-id.ts';
import { directoryRoutes } from '../../http/routes/directory-routes.ts';
import { directoryKeysRoutes } from '../../http/routes/directory-keys-routes.ts';
import { orgKeyRoutes } from '../../http/routes/org-key-routes.ts';
import { keyLogRoutes } from '../../http/routes/key-log-routes.ts';
import { recipientAccountRoutes } from '../../http/routes/recipient-account-routes.ts';
import { recipientPasskeyRoutes } from '../../http/routes/recipient-passkey-routes.ts';
import { createSenderAuth } from '../../http/sender-auth-hook.ts';
import { orgSettingsRoutes } from '../../http/routes/org-settings-routes.ts';
import { agreementRoutes } from '../../http/routes/agreement-routes.ts';
import { createStaffAuth } from '../../http/staff-auth.ts';
import { firstRunRoutes } from '../../http/routes/first-run-routes.ts';
import { newToken } from '../../core/transfers/ids.ts';
import { defaultAccountPolicy, type AccountContext } from '../../core/accounts/context.ts';
import { createGatewayCredentials, type GatewayCredentials } from '../../core/accounts/gateway-credentials.ts';
import { securityNoticeRoutes } from '../../http/routes/security-notice-routes.ts';
import { createAccountCleanupJob } from '../../jobs/account-cleanup.ts';
import { createRetentionJob } from '../../jobs/retention.ts';
import { createAuditSealer, type AuditSealer } from '../../jobs/audit-sealer.ts';
import { createOutboxWorker, type OutboxWorker } from '../../jobs/outbox-worker.ts';
import { safeErrorMessage } from '../../jobs/safe-error.ts';
import { createScheduler, type Scheduler } from '../../jobs/scheduler.ts';
import { releaseHeldOnRegistration } from '../../core/gateway/held.ts';
import { blobStoresFor, expiryRulesFor } from './blob-stores.ts';
import { createOutboxDelivery } from './outbox-delivery.ts';
import { cleanUpAtStart } from './start-cleanup.ts';
import { createPayloadSealer, createSecretSealer, createServerSecrets } from './server-keys.ts';
import { openStorage } from './storage.ts';
import { createTransferFeature } from './transfer-feature.ts';
import { loopbackUrl, startGateway, type RunningGateway } from './gateway.ts';
import { wireGateway } from './gateway-wiring.ts';
import { createRelay } from '../../smtp/relay.ts';
import { notReadyHandler } from '../../smtp/gateway.ts';
import type { GatewayHandler } from '../../smtp/handler.ts';
import { createGatewayDeliveriesPruneJob } from '../../jobs/gateway-deliveries-prune.ts';
import { createUploadStaging } from './upload-staging-from-config.ts';
import { createMailerFromConfig, createSmsFromConfig } from './transports.ts';

export interface Runtime {
  config: Config;
  logger: Logger;
  app: FastifyInstance;
  db: Database;
  repos: Repositories;
  /** The current blob store (`blobs.current`) and every older one recorded with a file. */
  blobs: BlobStores;
  transfers: TransferContext;
  /** The mail gateway's process-local credentials: the gateway mints one per mail to send as the staff member (src/smtp/deliver/portal-sender.ts). */
  gatewayCredentials: GatewayCredentials;
  devMailbox?: DevMailboxStore;
  worker: OutboxWorker;
  scheduler: Scheduler;
  /** The mail gateway's SMTP listener once started (GATEWAY_LISTEN set). */
  gateway?: RunningGateway;
  /** Listens and starts background jobs; resolves with the address actually bound. */
  start(): Promise<{ url: string }>;
  /** Graceful: stops accepting, lets in-flight requests and deliveries finish, then closes the database. */
  /**
   * Graceful shutdown: readiness answers 503 at once while requests are still served for `drainMs` (so a load
   * balancer stops sending new ones first), then background jobs stop, then HTTP closes (requests in flight finish),
   * then the database.
   */
  stop(options?: { drainMs?: number }): Promise<void>;
}

export interface RuntimeOptions {
  logger: Logger;
  version: string;
  clock?: Clock;
  /** Background jobs off (tests drive `worker.runOnce()` and `scheduler.runNow()` themselves). */
  manualJobs?: boolean;
  /**
   * The mail gateway's handler, built once the runtime exists (it needs repositories, blobs, keys). Default:
   * `createGatewayHandler()` from src/smtp/gateway.ts. Tests pass a pass-through or a failing one.
   */
  gatewayHandler?: (runtime: Runtime) => GatewayHandler;
}

/** How long a stopping gateway lets mails in flight finish before it closes their connections (Postfix retries them). */
const GATEWAY_GRACE_MS = 30_000;

/** `secretKey` lets data migrations seal stored values (0016: TOTP secrets); without it such a migration fails. */
export async function openDatabase(config: Config, logger: Logger, secretKey?: Uint8Array): Promise<Database> {
  const db = await createDatabase({
    ...(config.database.url ? { url: config.database.url } : { sqliteFile: config.database.sqliteFile }),
    poolSize: config.database.poolSize,
    logger,
  });
  try {
    const applied = await db.migrate(secretKey ? { secretKey } : {});
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/** Secret key, database, repositories, blob store, dev mailbox and transports: the adapters behind the ports. */
async function openAdapters(config: Config, logger: Logger, clock: Clock, notifications: { onEnqueued: () => void; onAudited: () => void }) {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const secretKey = resolveSecretKey({ dataDir: config.dataDir, ...(config.secretKey ? { secretKey: config.secretKey } : {}) });
  if (secretKey.source === 'generated') logger.warn({ file: secretKey.file }, 'generated a new SECRET_KEY; back it up with the data');
  const db = await openDatabase(config, logger, secretKey.key);
  const repos = createRepositories(db, { clock, ...notifications });
  let storage;
  try {
    storage = await openStorage(config, logger);
    await cleanUpAtStart({ blobs: storage.blobs, leases: repos.leases, logger });
  } catch (error) {
    storage?.close();
    await db.close();
    throw error;
  }
  const { keys } = storage;
  // New blobs go to the store STORAGE_URL names; blobs recorded in other stores are read and deleted there.
  const blobs = blobStoresFor(config, storage.blobs);
  const devMailbox = config.devMailbox ? createMemoryDevMailbox({ clock }) : undefined;
  const transports = { mailer: createMailerFromConfig(config, devMailbox), sms: createSmsFromConfig(config, devMailbox) };
  const sealer = createPayloadSealer(secretKey.key, keys);
  const transfers: TransferContext = {
    repos,
    blobs,
    clock,
    sealer,
    keys,
    secrets: createServerSecrets(secretKey.key),
    policy: config.transfers,
    publicUrl: config.http.publicUrl,
    defaultCountry: config.sms.defaultCountry,
    ownerTurns: createOwnerTurns(),
  };
  // The Outlook add-in's manifest Id: per installation, derived from SECRET_KEY and the public URL (src/crypto/addin-id.ts).
  const addin = { id: addinIdFor(secretKey.key, config.http.publicUrl) };
  return { db, repos, blobs, storage, devMailbox, transports, transfers, secretSealer: createSecretSealer(secretKey.key), addin };
}

/** The composition root: turns a validated config into adapters, domain services and the HTTP app. */
export async function createRuntime(config: Config, options: RuntimeOptions): Promise<Runtime> {
  const { logger, version } = options;
  const clock = options.clock ?? systemClock;
  // The worker and the sealer are created below; wake-ups only run after a commit, by which time they exist (an
  // audited commit during start-up has no sealer to wake yet: the sealer finds it on its first look).
  const late: { auditSealer?: AuditSealer } = {};
  const { db, repos, blobs, storage, devMailbox, transports, transfers, secretSealer, addin } = await openAdapters(config, logger, clock, {
    onEnqueued: () => worker.wake(),
    onAudited: () => late.auditSealer?.wake(),
  });
  const { mailer } = transports;

  const outboxLogger = logger.child({ component: 'outbox' });
  const worker = createOutboxWorker({
    outbox: repos.outbox,
    deliver: createOutboxDelivery({ ...transports, sealer: transfers.sealer }),
    // Stamp "notified" (and erase link-secret material) in the transaction that marks the item sent.
    transaction: (fn) => repos.transaction(fn),
    afterDelivered: (tx, item) => afterOutboxDelivered(transfers, tx, item),
    // Delivered: erase the payload's key, so the sealed copy left in old database pages opens nothing, not even
    // with SECRET_KEY. On every path once the outcome is recorded, and never in `deliver`, where a failure to
    // erase would make the worker send again.
    afterSent: (item) => transfers.sealer.discard(item.payload),
    clock,
    leaseMs: config.outbox.leaseMs,
    logger: outboxLogger,
  });
  const gatewayCredentials = createGatewayCredentials();
  const accounts: AccountContext = {
    repos,
    clock,
    secrets: transfers.secrets,
    policy: { ...defaultAccountPolicy, lockoutThreshold: config.accounts.lockoutThreshold },
    publicUrl: config.http.publicUrl,
    sms: { sealer: transfers.sealer, defaultCountry: config.sms.defaultCountry },
    sealer: transfers.sealer,
    escrowKeys: transfers.keys,
    gatewayCredentials,
  };
  // One-time token for the first-run page (src/http/routes/first-run-routes.ts), logged at start while no organisation exists.
  const setupToken = newToken();
  // Partial uploads wait where new blobs go (local disk, or the object store so any process resumes them).
  const staging = createUploadStaging(config, blobs.current, storage.objectStore);
  await staging.cleanup?.();
  const expiryRules = expiryRulesFor(storage.objectStore);
  const staffAuth = createStaffAuth(accounts);
  const feature = createTransferFeature(transfers, { version, staging, expiryRules, staff: staffAuth });
  // Sweeps take a database lease, so with several server processes one runs each sweep at a time.
  const scheduler = createScheduler({ logger: logger.child({ component: 'scheduler' }), leases: { repository: repos.leases } });
  for (const job of feature.jobs(config.transfers.sweepIntervalMs)) scheduler.add(job);
  // Ended sessions, tokens, invitations and sign-in flows (docs/accounts.md, "Retention of ended sign-in data").
  scheduler.add(createAccountCleanupJob({ repos, clock }, { intervalMs: Math.max(config.transfers.sweepIntervalMs, 10 * 60 * 1000), logger: logger.child({ component: 'account-cleanup' }) }));
  scheduler.add(createRetentionJob(transfers, { intervalMs: Math.max(config.transfers.sweepIntervalMs, 60 * 60 * 1000), logger: logger.child({ component: 'retention' }) }));
  // Chains committed audit entries, in one process at a time (docs/audit.md, "Several processes at once").
  const auditSealer = createAuditSealer({ audit: repos.audit, logger: logger.child({ component: 'audit-sealer' }) });
  late.auditSealer = auditSealer;
  scheduler.add(auditSealer.job);
  // The gateway's relay is shared by the listener (mails re-injected) and the reply job (replies to senders' mailboxes).
  const gatewayRelay = config.gateway ? createRelay(config.gateway.nextHop, { maxConnections: Math.min(config.gateway.maxConnections, 20) }) : undefined;
  const gatewayWiring = config.gateway && gatewayRelay
    ? wireGateway(config.gateway, {
      gateway: { ...transfers, secretSealer, spoolDir: config.gateway.spoolDir },
      accounts, credentials: gatewayCredentials, relay: gatewayRelay, deliveries: repos.gatewayDeliveries, logger: logger.child({ component: 'gateway' }),
    })
    : undefined;
  for (const job of gatewayWiring?.jobs ?? []) scheduler.add(job);
  scheduler.add(createGatewayDeliveriesPruneJob({ deliveries: repos.gatewayDeliveries, clock }, { intervalMs: 60 * 60 * 1000, logger: logger.child({ component: 'gateway-prune' }) }));
  const adminToken = config.adminToken ? { adminToken: config.adminToken } : {};
  const sso: SsoContext = { ...accounts, oidc: createOpenIdRelyingParty(), secretSealer, sso: defaultSsoPolicy };

  let draining = false;
  const app = await createHttpApp({
    logger,
    version,
    publicUrl: config.http.publicUrl,
    trustProxy: config.trustProxy,
    webDistDir: fileURLToPath(new URL('../../../web/dist', import.meta.url)),
    readiness: [
      { name: 'shutdown', check: () => (draining ? Promise.reject(new Error('shutting down')) : Promise.resolve()) },
      { name: 'database', check: () => db.check() },
      { name: 'blobs', check: () => blobs.current.check() },
    ],
    ...(devMailbox ? { devMailbox } : {}),
    plugins: [
      ...feature.plugins,
      securityNoticeRoutes({ repos, clock, authenticateSender: (token) => authenticateSender(transfers, token), staff: staffAuth.sender, agreementsOf: (party) => agreementsOf(transfers, party), ...adminToken }),
      adminRoutes({ repos, clock, ...adminToken }),
      accountRoutes(accounts, { providerSignOutUrl: (staff) => providerSignOutUrl(sso, staff) }),
      passkeyRoutes(accounts),
      firstRunRoutes(accounts, setupToken),
      orgAdminRoutes(accounts),
      tokenRoutes(accounts),
      smsFactorRoutes(accounts),
      ssoRoutes(sso),
      orgSettingsRoutes(accounts),
      agreementRoutes(accounts, transfers, staffAuth),
      orgConsoleRoutes(accounts),
      addinRoutes(accounts, addin),
      directoryRoutes(accounts, transfers),
      directoryKeysRoutes(accounts, transfers),
      orgKeyRoutes(accounts),
      // Registered recipients: the transfer context (their messages, the outbox, erasable keys) is theirs too.
      // A new inbox releases the mail the gateway held for the address (src/core/gateway/held.ts).
      recipientAccountRoutes({ ...transfers, onRegistered: releaseHeldOnRegistration }),
      recipientPasskeyRoutes(transfers),
      keyLogRoutes(transfers, createSenderAuth(transfers, staffAuth)),
    ],
  });

  const runtime: Runtime = {
    config,
    logger,
    app,
    db,
    repos,
    blobs,
    transfers,
    gatewayCredentials,
    ...(devMailbox ? { devMailbox } : {}),
    worker,
    scheduler,
    async start() {
      const url = await app.listen({ host: config.http.host, port: config.http.port });
      if ((await repos.organisations.count()) === 0) {
        logger.info({ setupUrl: `${config.http.publicUrl}/setup?token=${setupToken}` }, 'no organisation yet: open the first-run page (from this machine, or anywhere with this one-time link), or run sealpost admin create-org');
      }
      if (!options.manualJobs) {
        worker.start();
        scheduler.start();
      }
      if (config.gateway) {
        const handler = options.gatewayHandler ? options.gatewayHandler(runtime) : (gatewayWiring?.handler(loopbackUrl(app)) ?? notReadyHandler);
        runtime.gateway = await startGateway(config.gateway, { handler, relay: gatewayRelay, deliveries: repos.gatewayDeliveries, secrets: transfers.secrets, logger });
      }
      return { url };
    },
    async stop({ drainMs = 0 } = {}) {
      draining = true;
      // The gateway stops taking mail at once (Postfix defers to it, keeping the mail) and finishes what it has.
      const gatewayStopped = runtime.gateway?.stop(Math.max(0, Math.min(GATEWAY_GRACE_MS, config.shutdownTimeoutMs - 5000)));
      if (drainMs > 0) await new Promise((resolve) => setTimeout(resolve, drainMs));
      await gatewayStopped;
      await gatewayWiring?.close();
      await Promise.all([worker.stop(), scheduler.stop()]);
      await app.close();
      // Requests are done: chain what they audited, so a stopped server leaves no entry waiting (any process may seal).
      await repos.audit.sealPending().catch((error: unknown) => logger.warn({ err: safeErrorMessage(error) }, 'could not chain the last audit entries; the next start will'));
      await mailer.close?.();
      await db.close();
      storage.close();
    },
  };
  return runtime;
}
