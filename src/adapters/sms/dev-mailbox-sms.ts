import type { DevMailboxStore } from '../../core/ports/dev-mailbox.ts';
import type { OutgoingSms, SentSms, SmsSender } from '../../core/ports/sms-sender.ts';
import { assertOutgoingSms } from './validate-outgoing-sms.ts';

/** Embedded default: SMS are caught in the dev mailbox (shown at /dev/mailbox), never sent. */
export function createDevMailboxSms(store: DevMailboxStore): SmsSender {
  return {
    kind: 'dev-mailbox',
    async send(sms: OutgoingSms): Promise<SentSms> {
      assertOutgoingSms(sms);
      const caught = await store.add({ kind: 'sms', sms: { to: sms.to, text: sms.text } });
      return { providerId: caught.id };
    },
  };
}
