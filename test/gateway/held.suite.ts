import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heldLimits } from '../../src/core/gateway/context.ts';
import { canHold, holdMail, type HoldMailInput } from '../../src/core/gateway/held.ts';
import { runHeldMail, type Redeliver } from '../../src/core/gateway/held-release.ts';
import { isSealpostError } from '../../src/core/errors.ts';
import { spoolWriterFor } from '../../src/jobs/gateway-held.ts';
import { readAll, startHeldWorld, type HeldWorld } from './held-world.ts';

/** Held mail for unknown recipients (docs/gateway/held-and-replies.md), on one engine. */
export function defineHeldSuite(engine: string, databaseUrl: () => string | undefined): void {
  describe(`gateway held mail on ${engine}`, () => {
    let w: HeldWorld;
    beforeAll(async () => {
      w = await startHeldWorld(databaseUrl());
    });
    afterAll(async () => w?.close());
    let n = 0;
    const address = (name: string) => `${name}.${(n += 1)}@client.example`;
    const sender = (name = 'jan') => ({ senderUserId: `user-${name}-${n}`, senderEmail: `${name}.${n}@praxis.example` });

    async function hold(recipient: string, who = sender(), subject = 'Befund Müller') {
      const raw = await w.rawMail(`(Auto) ${subject}`);
      const input: HoldMailInput = {
        orgId: null, ...who, senderName: 'Dr. Jan Jansen', recipient, lang: 'de', subject, raw: raw.spooled,
        envelope: { mailFrom: who.senderEmail, rcptTo: [recipient], remoteAddress: '127.0.0.1' },
      };
      const held = await holdMail(w.gateway, input);
      await raw.spooled.discard();
      return { ...held, bytes: raw.bytes, who, subject };
    }

    function recorder(fail: () => boolean = () => false) {
      const calls: Array<{ envelope: { mailFrom: string; rcptTo: string[] }; bytes: Buffer; heldId: string }> = [];
      const redeliver: Redeliver = async ({ envelope, raw, heldId }) => {
        calls.push({ envelope, bytes: await readAll(raw), heldId });
        if (fail()) throw new Error('next hop down');
      };
      return { calls, redeliver };
    }
    const run = (redeliver: Redeliver, workerId = 'worker-a') =>
      runHeldMail(w.gateway, { redeliver, spool: spoolWriterFor(w.spoolDir), workerId, backoff: () => 60_000 });

    async function gone(heldId: string): Promise<{ blob: boolean; key: boolean }> {
      const row = (await w.runtime.repos.heldMail.get(heldId))!;
      return { blob: (await w.runtime.blobs.open(row.blobLocator).stat(row.blobKey)) === undefined, key: (await w.runtime.transfers.keys.get(row.keyId)) === undefined };
    }

    it('holds the mail encrypted, mails "register to read" and "waiting", audits without content', async () => {
      const recipient = address('anna');
      const h = await hold(recipient);
      const row = (await w.runtime.repos.heldMail.get(h.heldId))!;
      expect(row).toMatchObject({ state: 'held', recipient, lang: 'de', size: h.bytes.length });
      const blob = await readAll({ read: async function* () { yield* await w.runtime.blobs.open(row.blobLocator).get(row.blobKey); } });
      expect(blob.subarray(0, 21).toString()).toBe('age-encryption.org/v1');
      expect(blob.includes(Buffer.from('Befund'))).toBe(false);
      expect(await gone(h.heldId)).toEqual({ blob: false, key: false });
      const dump = JSON.stringify(await w.runtime.db.kysely.selectFrom('gatewayHeld').selectAll().execute());
      expect(dump).not.toContain('Befund');
      expect(dump).not.toContain('AGE-SECRET-KEY');
      const toRecipient = await w.mailsTo(recipient);
      expect(toRecipient).toHaveLength(1);
      expect(toRecipient[0]!.subject).toContain('Dr. Jan Jansen');
      expect(toRecipient[0]!.text).toContain(`/inbox/register?email=${encodeURIComponent(recipient)}`);
      expect(toRecipient[0]!.text).toContain('Postfach');
      const toSender = await w.mailsTo(h.who.senderEmail);
      expect(toSender.map((m) => m.subject)).toEqual([expect.stringContaining(recipient)]);
      expect(toSender[0]!.text).toContain('Befund Müller');
      const entry = (await w.defaultAudit()).find((e) => e.action === 'gateway.held' && e.details.heldId === h.heldId);
      expect(entry?.details).toEqual({ heldId: h.heldId, recipient, size: h.bytes.length });
    });

    it('registration releases it: redeliver gets the exact original bytes once, then key and blob are destroyed, sender told', async () => {
      const recipient = address('bert');
      const h = await hold(recipient);
      const nothing = recorder();
      await run(nothing.redeliver);
      expect(nothing.calls).toHaveLength(0);
      await w.register(recipient);
      expect((await w.runtime.repos.heldMail.get(h.heldId))!.state).toBe('releasing');
      const r = recorder();
      expect(await run(r.redeliver)).toMatchObject({ delivered: 1, failed: 0 });
      expect(r.calls).toHaveLength(1);
      expect(r.calls[0]!.envelope).toEqual({ mailFrom: h.who.senderEmail, rcptTo: [recipient] });
      expect(r.calls[0]!.heldId).toBe(h.heldId);
      expect(r.calls[0]!.bytes.equals(h.bytes)).toBe(true);
      expect((await w.runtime.repos.heldMail.get(h.heldId))!.state).toBe('delivered');
      expect(await gone(h.heldId)).toEqual({ blob: true, key: true });
      await run(r.redeliver);
      expect(r.calls).toHaveLength(1);
      const toSender = await w.mailsTo(h.who.senderEmail);
      // The sender's notices are in the installation's default language (English here).
      expect(toSender.map((m) => m.subject)).toContain(`Your secure message to ${recipient} has been delivered`);
      expect((await w.defaultAudit()).some((e) => e.action === 'gateway.released' && e.details.heldId === h.heldId)).toBe(true);
    });

    it('a failed re-delivery stays releasing and is retried after its backoff; never lost', async () => {
      const recipient = address('carla');
      const h = await hold(recipient);
      await w.register(recipient);
      let failing = true;
      const r = recorder(() => failing);
      expect(await run(r.redeliver)).toMatchObject({ delivered: 0, failed: 1 });
      const row = (await w.runtime.repos.heldMail.get(h.heldId))!;
      expect(row).toMatchObject({ state: 'releasing', attempts: 1, lastError: 'Error: next hop down' });
      expect(await gone(h.heldId)).toEqual({ blob: false, key: false });
      await run(r.redeliver);
      expect(r.calls).toHaveLength(1);
      failing = false;
      w.clock.advance(61_000);
      expect(await run(r.redeliver)).toMatchObject({ delivered: 1 });
      expect(r.calls).toHaveLength(2);
      expect(r.calls[1]!.bytes.equals(h.bytes)).toBe(true);
      expect(await gone(h.heldId)).toEqual({ blob: true, key: true });
    });

    it('a worker that crashed mid-release: its claim runs out, the mail is then delivered once', async () => {
      const recipient = address('dora');
      const h = await hold(recipient);
      await w.register(recipient);
      // Worker A claims the row and dies (no outcome recorded).
      const claimed = await w.runtime.repos.heldMail.claimDue('releasing', { now: w.clock.now(), leaseMs: heldLimits.claimMs, workerId: 'crashed' });
      expect(claimed?.record.id).toBe(h.heldId);
      const r = recorder();
      await run(r.redeliver, 'worker-b');
      expect(r.calls).toHaveLength(0);
      w.clock.advance(heldLimits.claimMs + 1);
      await run(r.redeliver, 'worker-b');
      await run(r.redeliver, 'worker-c');
      expect(r.calls).toHaveLength(1);
      expect(r.calls[0]!.bytes.equals(h.bytes)).toBe(true);
      // The crashed worker's late outcome is refused: its claim is no longer current.
      expect(await w.runtime.repos.heldMail.finish(claimed!.claim, 'delivered', w.clock.now())).toBe(false);
      expect((await w.runtime.repos.heldMail.get(h.heldId))!.state).toBe('delivered');
    });

    it('a crash between the final commit and erasing the key: the next run destroys key and blob', async () => {
      const recipient = address('gina');
      const h = await hold(recipient);
      w.clock.set(new Date(h.expiresAt.getTime() + 1000));
      const claimed = (await w.runtime.repos.heldMail.claimExpired({ now: w.clock.now(), leaseMs: heldLimits.claimMs, workerId: 'crashing' }))!;
      // The process commits the final state and dies before destroying anything.
      expect(await w.runtime.repos.heldMail.finish(claimed.claim, 'expired', w.clock.now())).toBe(true);
      expect(await gone(h.heldId)).toEqual({ blob: false, key: false });
      await run(recorder().redeliver);
      expect(await gone(h.heldId)).toEqual({ blob: true, key: true });
    });

    it('expiry destroys the mail, tells the sender it was not delivered, the recipient nothing; a later registration releases nothing', async () => {
      const recipient = address('emil');
      const h = await hold(recipient);
      w.clock.set(new Date(h.expiresAt.getTime() + 1000));
      const r = recorder();
      // Earlier tests' held mails expire in the same run.
      expect((await run(r.redeliver)).expired).toBeGreaterThanOrEqual(1);
      expect((await w.runtime.repos.heldMail.get(h.heldId))!.state).toBe('expired');
      expect(await gone(h.heldId)).toEqual({ blob: true, key: true });
      // Both notices may be caught at one (manual-clock) time: compare as a set.
      expect((await w.mailsTo(h.who.senderEmail)).map((m) => m.subject)).toEqual(expect.arrayContaining([`Not delivered: ${recipient} did not set up an inbox`, `Your secure message to ${recipient} is waiting`]));
      expect(await w.mailsTo(recipient)).toHaveLength(1);
      expect((await w.defaultAudit()).some((e) => e.action === 'gateway.hold_expired' && e.details.heldId === h.heldId)).toBe(true);
      await w.register(recipient);
      await run(r.redeliver);
      expect(r.calls).toHaveLength(0);
      expect(await w.mailsTo(recipient)).toHaveLength(1 + 1 /* the registration code */);
    });

    it('limits: per recipient waiting, per sender per day; over them canHold says why and holdMail refuses', async () => {
      const recipient = address('flood');
      for (let i = 0; i < heldLimits.perRecipient; i += 1) await hold(recipient);
      expect(await canHold(w.gateway, { senderUserId: 'someone-else', recipient })).toEqual({ ok: false, reason: 'recipient-limit' });
      const refused = await hold(recipient).catch((e: unknown) => e);
      expect(isSealpostError(refused) && refused.code === 'SP_ERR_RATE_LIMITED').toBe(true);
      const busy = sender('busy');
      for (let i = 0; i < heldLimits.perSenderPerDay; i += 1) await hold(address('many'), busy);
      expect(await canHold(w.gateway, { senderUserId: busy.senderUserId, recipient: address('one-more') })).toEqual({ ok: false, reason: 'sender-daily-limit' });
      w.clock.advance(24 * 3600_000 + 1);
      expect(await canHold(w.gateway, { senderUserId: busy.senderUserId, recipient: address('next-day') })).toEqual({ ok: true });
    });
  });
}
