// The dev mailbox keeps caught mail in memory only (it holds links and codes in clear), bounded.
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/adapters/clock/system-clock.ts';
import { createMemoryDevMailbox } from '../../src/adapters/mailer/memory-dev-mailbox.ts';

describe('memory dev mailbox', () => {
  it('stores caught mail and SMS, newest first, and clears', async () => {
    const clock = createManualClock(new Date('2026-03-02T09:00:00.000Z'));
    const store = createMemoryDevMailbox({ clock });
    const mail = await store.add({ kind: 'mail', mail: { to: [{ address: 'ana@example.org' }], subject: 'Hallo', text: 't', html: '<p>t</p>' } });
    const sms = await store.add({ kind: 'sms', sms: { to: '+31612345678', text: 'code 123456' } });
    expect((await store.list()).map((m) => m.id)).toEqual([sms.id, mail.id]);
    expect(await store.get(mail.id)).toEqual(mail);
    expect(await store.get(sms.id)).toMatchObject({ kind: 'sms', sms: { to: '+31612345678' }, caughtAt: clock.now() });
    expect(await store.get('missing')).toBeUndefined();
    expect(await store.list({ limit: 1 })).toHaveLength(1);
    await store.clear();
    expect(await store.list()).toEqual([]);
  });

  it('keeps only the newest messages up to its capacity', async () => {
    const store = createMemoryDevMailbox({ clock: createManualClock(new Date()), capacity: 3 });
    for (let i = 0; i < 5; i++) await store.add({ kind: 'sms', sms: { to: '+31612345678', text: `n${i}` } });
    const texts = (await store.list()).map((m) => (m.kind === 'sms' ? m.sms.text : ''));
    expect(texts).toEqual(['n4', 'n3', 'n2']);
  });
});
