// A delivered notification is stamped "notified" in the same transaction that marks its outbox item
// sent, and a failure of that step never sends the mail twice. Run against SQLite and PostgreSQL
// (outbox-after-delivery.test.ts), with a real SMTP relay and a failure injected by a database trigger.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/adapters/db/database.ts';
import { createRepositories } from '../../src/adapters/db/repositories.ts';
import { createLocalKeyStore } from '../../src/adapters/keys/local-key-store.ts';
import { createSmtpMailer } from '../../src/adapters/mailer/smtp-mailer.ts';
import { createOutboxDelivery } from '../../src/cli/serve/outbox-delivery.ts';
import { createPayloadSealer } from '../../src/cli/serve/server-keys.ts';
import { enqueueOutbound } from '../../src/core/delivery/outbound-message.ts';
import type { Repositories } from '../../src/core/ports/repositories.ts';
import { afterOutboxDelivered } from '../../src/core/transfers/delivery-events.ts';
import type { RecipientRecord, TransferRecord } from '../../src/core/transfers/model.ts';
import { createOutboxWorker } from '../../src/jobs/outbox-worker.ts';
import { createManualClock } from '../db/manual-clock.ts';
import { createCaptureLogger } from './capture-logger.ts';
import { createTestRelay, type TestRelay } from './smtp-relay.ts';

const day = 86_400_000;

async function injectStampFailure(db: Database): Promise<void> {
  if (db.engine === 'sqlite') {
    await sql`create trigger fail_notified before update of notified_at on transfer_recipients
      begin select raise(abort, 'injected: stamping notified failed'); end`.execute(db.kysely);
  } else {
    await sql`create or replace function fail_notified() returns trigger language plpgsql as $$
      begin raise exception 'injected: stamping notified failed'; end $$`.execute(db.kysely);
    await sql`create trigger fail_notified before update of notified_at on transfer_recipients
      for each row execute function fail_notified()`.execute(db.kysely);
  }
}

async function removeStampFailure(db: Database): Promise<void> {
  await sql`drop trigger if exists fail_notified${db.engine === 'postgres' ? sql` on transfer_recipients` : sql``}`.execute(db.kysely);
}

async function createRecipient(repos: Repositories, now: Date): Promise<RecipientRecord> {
  const id = randomBytes(16).toString('base64url');
  const transfer: TransferRecord = {
    id: `t-${id}`, senderEmail: 'ana@praxis-muster.de', ownerPublicKey: 'age1owner', status: 'sent', createdAt: now,
    expiresAt: new Date(now.getTime() + 7 * day), sentAt: now, recalledAt: null, contentDeletedAt: null, manifest: 'm',
    ownerWrappedIdentity: 'w', notifyOnOpen: false, maxDownloads: null, parentTransferId: null, parentRecipientId: null,
  };
  const recipient: RecipientRecord = {
    id: `r-${id}`, transferId: transfer.id, email: 'bob@example.net', field: 'to', lang: 'en', method: 'none', phone: null,
    codeVerifierDigest: null, serverShare: 's', wrappedIdentity: 'w', notifiedAt: null, verifiedAt: null, firstOpenedAt: null,
    recalledAt: null, failedAttempts: 0, lockedUntil: null,
  };
  await repos.transfers.create(transfer, [], [recipient]);
  return recipient;
}

export function defineAfterDeliverySuite(engine: string, open: () => Promise<Database> | undefined): void {
  describe(`after delivery on ${engine}: stamped with "sent", never sent twice`, () => {
    const clock = createManualClock();
    const sealer = createPayloadSealer(randomBytes(32), createLocalKeyStore({ dir: path.join(mkdtempSync(path.join(tmpdir(), 'sp-keys-')), 'keys') }));
    let db: Database;
    let repos: Repositories;
    let relay: TestRelay;

    beforeAll(async () => {
      const opened = open();
      if (!opened) throw new Error('no database');
      db = await opened;
      await db.migrate();
      repos = createRepositories(db, { clock });
      relay = await createTestRelay();
    });
    afterAll(async () => {
      await relay?.stop();
      await db?.close();
    });

    function worker(logger = createCaptureLogger(), options: { workerId?: string; leaseMs?: number; before?: () => Promise<void> } = {}) {
      const mailer = createSmtpMailer({ url: `smtp://127.0.0.1:${relay.port}`, from: 'Sealpost <sealpost@sealpost.example.org>' });
      const sms = { kind: 'none', send: () => Promise.reject(new Error('no SMS here')) };
      const deliver = createOutboxDelivery({ mailer, sms, sealer });
      return createOutboxWorker({
        outbox: repos.outbox,
        deliver: async (item) => {
          await options.before?.();
          await deliver(item);
        },
        ...(options.workerId ? { workerId: options.workerId } : {}),
        ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
        transaction: (fn) => repos.transaction(fn),
        afterDelivered: (tx, item) => afterOutboxDelivered({ clock }, tx, item),
        afterSent: (item) => sealer.discard(item.payload),
        clock,
        logger,
        backoff: () => 1000,
      });
    }

    async function notify(recipient: RecipientRecord, subject: string): Promise<string> {
      const mail = { to: [{ address: recipient.email }], subject, text: `Open https://sp.example/r/${recipient.id}#SECRET`, html: '<p>open</p>' };
      return repos.transaction((tx) => enqueueOutbound(tx, sealer, { kind: 'mail', mail }, { topic: 'transfer.notification', ref: recipient.id }));
    }

    const received = (subject: string): number => relay.received.filter((m) => m.includes(`Subject: ${subject}`)).length;

    it('the stamp commits with "sent": notified, audited, payload erased, one mail', async () => {
      const recipient = await createRecipient(repos, clock.now());
      const id = await notify(recipient, 'stamped-together');
      expect(await worker().runOnce()).toMatchObject({ claimed: 1, sent: 1 });
      expect(received('stamped-together')).toBe(1);
      expect(await repos.outbox.get(id)).toMatchObject({ status: 'sent', payload: null });
      expect((await repos.recipients.get(recipient.id))?.notifiedAt).toEqual(clock.now());
    });

    it('stamping "notified" fails after the mail went out: exactly one mail reaches the relay', async () => {
      const recipient = await createRecipient(repos, clock.now());
      const id = await notify(recipient, 'stamp-fails');
      const sealed = (await repos.outbox.get(id))?.payload ?? '';
      await expect(sealer.open(sealed, 'sealpost/outbox/mail/v1')).resolves.toContain('SECRET');
      const logger = createCaptureLogger();
      const w = worker(logger);
      await injectStampFailure(db);
      try {
        await w.runOnce();
        // Give every retry a chance: a day later, several rounds.
        for (let i = 0; i < 5; i += 1) {
          clock.advance(day);
          await w.runOnce();
        }
      } finally {
        await removeStampFailure(db);
      }
      expect(received('stamp-fails')).toBe(1);
      // The item is done (and its sealed link secret erased); the missing stamp is reported, not retried.
      expect(await repos.outbox.get(id)).toMatchObject({ status: 'sent', payload: null });
      expect(logger.entries.some((e) => e.level === 'error' && /after-delivery/.test(e.message ?? ''))).toBe(true);
      expect(logger.text()).not.toContain('SECRET');
      // Even on this path the payload's erasable key is gone: the sealed copy in old pages opens nothing.
      await expect(sealer.open(sealed, 'sealpost/outbox/mail/v1')).rejects.toThrow(/does not open|already delivered|erasable/);
    });

    it('a stale worker whose delivery failed cannot mark the item failed under the newer claim that delivers it', async () => {
      const recipient = await createRecipient(repos, clock.now());
      const id = await notify(recipient, 'stale-claim');
      let releaseSlow = (): void => undefined;
      const slowMayGoOn = new Promise<void>((resolve) => (releaseSlow = resolve));
      let slowStarted = (): void => undefined;
      const slowIsSending = new Promise<void>((resolve) => (slowStarted = resolve));
      const slow = worker(createCaptureLogger(), {
        workerId: 'slow',
        leaseMs: 1000,
        before: async () => {
          slowStarted();
          await slowMayGoOn;
          throw Object.assign(new Error('rejected'), { code: 'EENVELOPE', responseCode: 550, response: '550 no such user' });
        },
      });
      const slowRun = slow.runOnce();
      await slowIsSending;
      clock.advance(1000);
      // The lease ran out: a second worker claims the item again and is now delivering it.
      let releaseFast = (): void => undefined;
      const fastMayGoOn = new Promise<void>((resolve) => (releaseFast = resolve));
      let fastStarted = (): void => undefined;
      const fastIsSending = new Promise<void>((resolve) => (fastStarted = resolve));
      const fast = worker(createCaptureLogger(), { workerId: 'fast', before: () => (fastStarted(), fastMayGoOn) });
      const fastRun = fast.runOnce();
      await fastIsSending;
      // The stale worker's late permanent failure changes nothing...
      releaseSlow();
      await slowRun;
      expect(await repos.outbox.get(id)).toMatchObject({ status: 'sending', lockedBy: 'fast', attempts: 2, lastError: null });
      // ...and the current claim's delivery is what counts.
      releaseFast();
      expect(await fastRun).toMatchObject({ sent: 1 });
      expect(await repos.outbox.get(id)).toMatchObject({ status: 'sent', payload: null, lastError: null });
      expect((await repos.recipients.get(recipient.id))?.notifiedAt).toEqual(clock.now());
      expect(received('stale-claim')).toBe(1);
    });
  });
}
