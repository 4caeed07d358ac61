import { describe, expect, it } from 'vitest';
import { createDevMailboxMailer } from '../../src/adapters/mailer/dev-mailbox-mailer.ts';
import { expectCode } from '../blob/blob-store-conformance.ts';
import { createMemoryDevMailbox } from '../../src/adapters/mailer/memory-dev-mailbox.ts';
import { systemClock } from '../../src/adapters/clock/system-clock.ts';

const mail = { to: [{ address: 'anna@example.nl' }], subject: 'Hallo', text: 'text', html: '<p>html</p>' };

describe('dev mailbox mailer', () => {
  it('catches the mail with the default sender filled in', async () => {
    const mailbox = createMemoryDevMailbox({ clock: systemClock });
    const mailer = createDevMailboxMailer(mailbox, { from: { name: 'Sealpost', address: 'noreply@localhost.test' } });
    const sent = await mailer.send(mail);
    const [caught] = await mailbox.list();
    expect(sent.messageId).toBe(`<${caught?.id}@dev-mailbox.sealpost.invalid>`);
    expect(caught).toMatchObject({ kind: 'mail', mail: { ...mail, from: { name: 'Sealpost', address: 'noreply@localhost.test' } } });
    await mailer.verify?.();
  });

  it('refuses header injection exactly like the SMTP mailer, storing nothing', async () => {
    const mailbox = createMemoryDevMailbox({ clock: systemClock });
    const mailer = createDevMailboxMailer(mailbox);
    await expectCode(mailer.send({ ...mail, subject: 'x\r\nBcc: evil@attacker.test' }), 'SP_ERR_VALIDATION');
    await expectCode(mailer.send({ ...mail, to: [{ address: 'a@b.example, evil@attacker.test' }] }), 'SP_ERR_MAIL_INVALID');
    await expectCode(mailer.send({ ...mail, to: [] }), 'SP_ERR_VALIDATION');
    expect(await mailbox.list()).toEqual([]);
  });
});
