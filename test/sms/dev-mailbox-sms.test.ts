import { describe, expect, it } from 'vitest';
import { createDevMailboxSms } from '../../src/adapters/sms/dev-mailbox-sms.ts';
import { expectCode } from '../blob/blob-store-conformance.ts';
import { createMemoryDevMailbox } from '../../src/adapters/mailer/memory-dev-mailbox.ts';
import { systemClock } from '../../src/adapters/clock/system-clock.ts';

describe('dev mailbox SMS sender', () => {
  it('catches the SMS instead of sending it', async () => {
    const mailbox = createMemoryDevMailbox({ clock: systemClock });
    const sent = await createDevMailboxSms(mailbox).send({ to: '+31612345678', text: 'Your code: 123456' });
    const [caught] = await mailbox.list();
    expect(caught).toMatchObject({ id: sent.providerId, kind: 'sms', sms: { to: '+31612345678', text: 'Your code: 123456' } });
  });

  it('refuses what a real provider would refuse, and stores nothing', async () => {
    const mailbox = createMemoryDevMailbox({ clock: systemClock });
    const sms = createDevMailboxSms(mailbox);
    await expectCode(sms.send({ to: '+31 6 12345678', text: 'x' }), 'SP_ERR_PHONE_INVALID');
    await expectCode(sms.send({ to: '+31612345678', text: '' }), 'SP_ERR_VALIDATION');
    expect(await mailbox.list()).toEqual([]);
  });
});
