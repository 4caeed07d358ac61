import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/cli/serve/runtime.ts';
import { defaultAccountPolicy, type AccountContext } from '../../src/core/accounts/context.ts';
import { createOrganisation } from '../../src/core/accounts/organisations.ts';
import { startSmsSignIn } from '../../src/core/accounts/sms-sign-in.ts';
import { exportAuditLog } from '../../src/core/audit/index.ts';
import { totpCode } from '../../src/crypto/totp.ts';
import { createManualClock } from '../db/manual-clock.ts';
import { GOOD_PASSWORD, signedOf, startAccountWorld, tokenOf, type AccountWorld, type InjectOptions, type Method, type Signed } from './support/account-world.ts';

interface Staff extends Signed { email: string; secret: string; orgId: string }

/** SMS codes as a second factor over the HTTP API, with the real outbox and dev mailbox: SQLite and PostgreSQL. */
export function defineSmsFactorSuite(engine: string, databaseUrl: () => string | undefined): void {
  describe(`SMS second factor on ${engine}`, () => {
    const clock = createManualClock(new Date('2026-03-02T09:00:00Z'));
    let w: AccountWorld;
    let runtime: Runtime;
    let accounts: AccountContext;
    let nextPhone = 20;

    beforeAll(async () => {
      w = await startAccountWorld({
        databaseUrl: databaseUrl(), clock, dirPrefix: 'sp-sms-factor-',
        env: { ACCOUNT_LOCKOUT_THRESHOLD: '4', DEV_MAILBOX: 'true', SMS_DEFAULT_COUNTRY: 'NL' },
        accounts: (rt) => ({ sms: { sealer: rt.transfers.sealer, defaultCountry: 'NL' } }),
      });
      ({ runtime, accounts } = w);
    });
    afterAll(async () => w?.close());

    // Every request comes from one documentation address unless a test names another client.
    const inject = (method: Method, url: string, { client, ...opts }: Omit<InjectOptions, 'remoteAddress'> & { client?: string } = {}) =>
      w.inject(method, url, { ...opts, remoteAddress: client ?? '192.0.2.10' });
    /** A fresh Dutch mobile number per test, so per-number throttles of one test do not reach another. */
    const newPhone = () => `06 1234 56${String((nextPhone += 1)).padStart(2, '0')}`;
    const e164 = (national: string) => `+31${national.replace(/\s/g, '').slice(1)}`;

    /** Delivers the outbox and returns the code of the newest SMS to `to` from the dev mailbox. */
    async function smsCodeTo(to: string): Promise<string> {
      while ((await runtime.worker.runOnce()).claimed > 0);
      const caught = (await runtime.devMailbox!.list()).filter((m) => m.kind === 'sms' && m.sms.to === to);
      const newest = caught.sort((a, b) => b.caughtAt.getTime() - a.caughtAt.getTime())[0];
      const text = newest?.kind === 'sms' ? newest.sms.text : '';
      return /\b(\d{6})\b/.exec(text)?.[1] ?? 'none';
    }
    const smsCount = async (to: string) => {
      while ((await runtime.worker.runOnce()).claimed > 0);
      return (await runtime.devMailbox!.list()).filter((m) => m.kind === 'sms' && m.sms.to === to).length;
    };

    /** A new organisation (SMS allowed or not) with an admin who has accepted the invitation and enrolled TOTP. */
    async function staffIn(domain: string, allowSms: boolean): Promise<Staff> {
      const { invitationUrl, org } = await createOrganisation(accounts, { name: `Org ${domain}`, domains: [domain], adminEmail: `admin@${domain}` }, null);
      const { cookie, csrf, secret } = await w.enrol(invitationUrl);
      const as = { cookie, csrf };
      if (allowSms) expect((await inject('PATCH', '/api/org/settings', { as, body: { smsFactorAllowed: true } })).json()).toMatchObject({ smsFactorAllowed: true });
      return { ...as, email: `admin@${domain}`, secret, orgId: org.id };
    }

    async function enrolSms(staff: Staff): Promise<string> {
      const phone = newPhone();
      const setup = await inject('POST', '/api/account/sms/setup', { as: staff, body: { phone, lang: 'de' } });
      expect(setup.statusCode, setup.body).toBe(202);
      const confirmed = await inject('POST', '/api/account/sms/confirm', { as: staff, body: { code: await smsCodeTo(e164(phone)) } });
      expect(confirmed.statusCode, confirmed.body).toBe(200);
      return e164(phone);
    }

    const startSignIn = (email: string, opts: { password?: string; client?: string } = {}) =>
      inject('POST', '/api/account/sign-in/sms', { body: { email, password: opts.password ?? GOOD_PASSWORD, lang: 'en' }, ...(opts.client ? { client: opts.client } : {}) });
    const finishSignIn = (email: string, challenge: string, code: string) => inject('POST', '/api/account/sign-in/sms/verify', { body: { email, challenge, code } });

    async function auditActions(orgId: string): Promise<string[]> {
      const actions: string[] = [];
      for await (const line of exportAuditLog(runtime.repos.audit, orgId)) actions.push((JSON.parse(line) as { action: string }).action);
      return actions;
    }

    it('is off by default: enrolment and SMS sign-in are refused until the org admin allows it; only an admin may', async () => {
      const staff = await staffIn('off.example', false);
      expect((await inject('GET', '/api/account/sms', { as: staff })).json()).toEqual({ allowed: false, enrolled: false, maskedPhone: null });
      const refused = await inject('POST', '/api/account/sms/setup', { as: staff, body: { phone: newPhone() } });
      expect(refused.json()).toMatchObject({ error: { code: 'SP_ERR_FORBIDDEN', details: { reason: 'sms_factor_not_allowed' } } });
      expect((await startSignIn(staff.email)).json()).toMatchObject({ error: { code: 'SP_ERR_SIGN_IN_FAILED' } });
      const invited = await inject('POST', '/api/org/users', { as: staff, body: { email: 'member@off.example' } });
      expect(invited.statusCode).toBe(201);
      // A member cannot change the setting (an admin can: staffIn does it for the other tests).
      const { invitationUrl } = invited.json<{ invitationUrl: string }>();
      const accepted = await inject('POST', '/api/invitations/accept', { body: { token: tokenOf(invitationUrl), password: GOOD_PASSWORD } });
      const member = signedOf(accepted);
      const { secret } = (await inject('POST', '/api/account/totp/setup', { as: member })).json<{ secret: string }>();
      await inject('POST', '/api/account/totp/confirm', { as: member, body: { code: totpCode(secret, clock.now()) } });
      expect((await inject('PATCH', '/api/org/settings', { as: member, body: { smsFactorAllowed: true } })).json()).toMatchObject({ error: { code: 'SP_ERR_FORBIDDEN' } });
    });

    it('enrols a number with a code sent to it (re-authentication needed), then signs in with password + SMS code; codes are single use', async () => {
      const staff = await staffIn('enrol.example', true);
      // Re-authentication: the session's last confirmation is older than 10 minutes.
      clock.advance(11 * 60_000);
      expect((await inject('POST', '/api/account/sms/setup', { as: staff, body: { phone: newPhone() } })).json()).toMatchObject({ error: { code: 'SP_ERR_REAUTH_REQUIRED' } });
      expect((await inject('POST', '/api/account/reauthenticate', { as: staff, body: { password: GOOD_PASSWORD } })).statusCode).toBe(204);
      expect((await inject('POST', '/api/account/sms/setup', { as: staff, body: { phone: '+31 20 123 4567' } })).json()).toMatchObject({ error: { code: 'SP_ERR_PHONE_INVALID' } });
      const phone = newPhone();
      const setup = await inject('POST', '/api/account/sms/setup', { as: staff, body: { phone, lang: 'de' } });
      expect(setup.json()).toMatchObject({ maskedPhone: expect.stringMatching(/^\+31 6 .*\d\d$/) as unknown });
      const code = await smsCodeTo(e164(phone));
      expect(code).toMatch(/^\d{6}$/);
      const wrong = code === '000000' ? '111111' : '000000';
      expect((await inject('POST', '/api/account/sms/confirm', { as: staff, body: { code: wrong } })).json()).toMatchObject({ error: { code: 'SP_ERR_VERIFICATION_FAILED' } });
      expect((await inject('POST', '/api/account/sms/confirm', { as: staff, body: { code } })).json()).toMatchObject({ enrolled: true });
      expect((await inject('GET', '/api/account/sms', { as: staff })).json()).toMatchObject({ allowed: true, enrolled: true, maskedPhone: expect.stringContaining('+31 6') as unknown });

      expect((await startSignIn(staff.email, { password: 'wrong password 12345' })).json()).toMatchObject({ error: { code: 'SP_ERR_SIGN_IN_FAILED' } });
      const sentBefore = await smsCount(e164(phone));
      clock.advance(61_000);
      const started = await startSignIn(staff.email);
      expect(started.statusCode, started.body).toBe(202);
      const { challenge } = started.json<{ challenge: string }>();
      expect(await smsCount(e164(phone))).toBe(sentBefore + 1);
      const signInCode = await smsCodeTo(e164(phone));
      const signed = await finishSignIn(staff.email, challenge, signInCode);
      expect(signed.statusCode, signed.body).toBe(200);
      expect(String(signed.headers['set-cookie'])).toMatch(/^__Host-sealpost=/);
      const as = signedOf(signed);
      expect((await inject('GET', '/api/account/me', { as })).json()).toMatchObject({ email: staff.email, enrolled: true });
      // Single use; and a code works only with the challenge it was sent for.
      expect((await finishSignIn(staff.email, challenge, signInCode)).json()).toMatchObject({ error: { code: 'SP_ERR_SIGN_IN_FAILED' } });
      const actions = await auditActions(staff.orgId);
      for (const action of ['org.settings_changed', 'account.sms_enrolment_started', 'account.sms_enrolment_failed', 'account.sms_enrolled', 'account.sms_code_sent', 'account.signed_in', 'account.sign_in_failed']) {
        expect(actions, action).toContain(action);
      }
    });

    it('refuses an expired code, a code for another challenge, and a code after 5 wrong tries', async () => {
      const staff = await staffIn('codes.example', true);
      const phone = await enrolSms(staff);
      clock.advance(61_000);
      const first = (await startSignIn(staff.email)).json<{ challenge: string }>();
      const expiredCode = await smsCodeTo(phone);
      clock.advance(5 * 60_000 + 1000);
      expect((await finishSignIn(staff.email, first.challenge, expiredCode)).json()).toMatchObject({ error: { code: 'SP_ERR_SIGN_IN_FAILED' } });

      const second = (await startSignIn(staff.email)).json<{ challenge: string }>();
      const code = await smsCodeTo(phone);
      expect((await finishSignIn(staff.email, first.challenge, code)).json()).toMatchObject({ error: { code: 'SP_ERR_SIGN_IN_FAILED' } });
      await runtime.repos.users.resetFailures((await runtime.repos.users.findByEmail(staff.email))[0]?.id ?? '');
      const wrong = code === '000000' ? '111111' : '000000';
      for (let i = 0; i < 5; i += 1) {
        if (i === 3) await runtime.repos.users.resetFailures((await runtime.repos.users.findByEmail(staff.email))[0]?.id ?? '');
        expect((await finishSignIn(staff.email, second.challenge, wrong)).json()).toMatchObject({ error: { code: 'SP_ERR_SIGN_IN_FAILED' } });
      }
      await runtime.repos.users.resetFailures((await runtime.repos.users.findByEmail(staff.email))[0]?.id ?? '');
      expect((await finishSignIn(staff.email, second.challenge, code)).json()).toMatchObject({ error: { code: 'SP_ERR_SIGN_IN_FAILED' } });
    });

    it('throttles sending per number and per account before anything is sent', async () => {
      const staff = await staffIn('throttle.example', true);
      const phone = await enrolSms(staff);
      // Per number: one SMS per minute.
      clock.advance(61_000);
      expect((await startSignIn(staff.email)).statusCode).toBe(202);
      const count = await smsCount(phone);
      const again = await startSignIn(staff.email);
      expect(again.json()).toMatchObject({ error: { code: 'SP_ERR_RATE_LIMITED', details: { retryAfterSeconds: expect.any(Number) as unknown } } });
      expect(again.headers['retry-after']).toBeDefined();
      expect(await smsCount(phone)).toBe(count);
      // Per account: 5 an hour (the enrolment's SMS counted too), whatever the spacing.
      for (let i = 0; i < 3; i += 1) {
        clock.advance(61_000);
        expect((await startSignIn(staff.email)).statusCode).toBe(202);
      }
      clock.advance(61_000);
      expect((await startSignIn(staff.email)).json()).toMatchObject({ error: { code: 'SP_ERR_RATE_LIMITED' } });
      expect(await smsCount(phone)).toBe(count + 3);
    });

    it('throttles sending per client (own limit, across accounts and numbers)', async () => {
      const a = await staffIn('client-a.example', true);
      const b = await staffIn('client-b.example', true);
      await enrolSms(a);
      await enrolSms(b);
      const strict = { ...accounts, policy: { ...defaultAccountPolicy, sms: { ...defaultAccountPolicy.sms, perClientPerHour: 2 } } };
      const meta = { clientAddress: '198.51.100.7' };
      clock.advance(61_000);
      await startSmsSignIn(strict, { email: a.email, password: GOOD_PASSWORD }, meta);
      await startSmsSignIn(strict, { email: b.email, password: GOOD_PASSWORD }, meta);
      clock.advance(61_000);
      await expect(startSmsSignIn(strict, { email: a.email, password: GOOD_PASSWORD }, meta)).rejects.toMatchObject({ code: 'SP_ERR_RATE_LIMITED' });
      // Another client is not affected.
      await expect(startSmsSignIn(strict, { email: a.email, password: GOOD_PASSWORD }, { clientAddress: '198.51.100.8' })).resolves.toMatchObject({ maskedPhone: expect.any(String) as unknown });
    });

    it('counts wrong SMS codes towards the lockout the password path uses', async () => {
      const staff = await staffIn('lock.example', true);
      const phone = await enrolSms(staff);
      // Threshold 4: one wrong password (TOTP path), one wrong password (SMS path), two wrong codes.
      expect((await inject('POST', '/api/account/sign-in', { body: { email: staff.email, password: 'wrong password 12345', totp: '123456' } })).statusCode).toBe(401);
      expect((await startSignIn(staff.email, { password: 'wrong password 12345' })).statusCode).toBe(401);
      clock.advance(61_000);
      const { challenge } = (await startSignIn(staff.email)).json<{ challenge: string }>();
      const code = await smsCodeTo(phone);
      const wrong = code === '000000' ? '111111' : '000000';
      expect((await finishSignIn(staff.email, challenge, wrong)).statusCode).toBe(401);
      expect((await finishSignIn(staff.email, challenge, wrong)).json()).toMatchObject({ error: { code: 'SP_ERR_ACCOUNT_LOCKED' } });
      expect((await finishSignIn(staff.email, challenge, code)).json()).toMatchObject({ error: { code: 'SP_ERR_ACCOUNT_LOCKED' } });
      expect(await auditActions(staff.orgId)).toContain('account.locked');
    });

    it('a factor reset by the admin clears the SMS number; removing it needs re-authentication; forbidding stops SMS sign-in', async () => {
      const admin = await staffIn('reset.example', true);
      await enrolSms(admin);
      clock.advance(61_000);
      // The admin forbids SMS: sign-in with SMS stops at once.
      expect((await inject('PATCH', '/api/org/settings', { as: admin, body: { smsFactorAllowed: false } })).json()).toMatchObject({ smsFactorAllowed: false });
      expect((await startSignIn(admin.email)).json()).toMatchObject({ error: { code: 'SP_ERR_SIGN_IN_FAILED' } });
      await inject('PATCH', '/api/org/settings', { as: admin, body: { smsFactorAllowed: true } });
      clock.advance(11 * 60_000);
      expect((await inject('DELETE', '/api/account/sms', { as: admin })).json()).toMatchObject({ error: { code: 'SP_ERR_REAUTH_REQUIRED' } });
      await inject('POST', '/api/account/reauthenticate', { as: admin, body: { password: GOOD_PASSWORD } });
      expect((await inject('DELETE', '/api/account/sms', { as: admin })).statusCode).toBe(204);
      expect((await inject('GET', '/api/account/sms', { as: admin })).json()).toMatchObject({ enrolled: false });
      await enrolSms(admin);
      // A member with SMS, reset by the admin.
      const invited = (await inject('POST', '/api/org/users', { as: admin, body: { email: 'm@reset.example' } })).json<{ userId: string; invitationUrl: string }>();
      await runtime.repos.users.update(admin.orgId, invited.userId, { smsPhone: '+31612340000', smsEnrolledAt: clock.now() });
      expect((await inject('POST', `/api/org/users/${invited.userId}/reset-factor`, { as: admin })).statusCode).toBe(200);
      expect(await runtime.repos.users.get(admin.orgId, invited.userId)).toMatchObject({ smsPhone: null, smsEnrolledAt: null, smsPendingPhone: null, totpSecret: null });
      expect(await auditActions(admin.orgId)).toEqual(expect.arrayContaining(['account.sms_removed', 'account.factor_reset']));
    });
  });
}
