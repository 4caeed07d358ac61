// The organisation's sending mode for the add-in (issue 15): 'gateway' — Outlook sends the mail itself through
// Exchange to the Sealpost gateway, marked with the secure header — or 'end-to-end' — the add-in encrypts and uploads
// through the client core (src/client/send.ts) and Sealpost sends the notifications. The admin's choice is not stored
// anywhere yet (an agreement for it comes with the sending feature); until then every installation runs in gateway
// mode, which is also the safe default: the gateway protects the mail even where the add-in cannot run.
export type SendingMode = 'gateway' | 'end-to-end';

export function sendingMode(): SendingMode {
  return 'gateway';
}
