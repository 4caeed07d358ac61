import { describe, expect, it } from 'vitest';
import { routeFor, type RouteFacts } from './route.ts';

const none: RouteFacts = { smime: [], pgp: null, registered: null, registeredFormat: 'portal', portal: { held: true }, lang: 'de' };
const cert = Uint8Array.of(0x30, 1, 2);

describe('routeFor', () => {
  it('prefers a certificate, then an OpenPGP key, then the account, then the portal', () => {
    expect(routeFor({ ...none, smime: [cert], pgp: 'KEY', registered: { pdfPassword: true } }).format).toBe('smime');
    expect(routeFor({ ...none, pgp: 'KEY', registered: { pdfPassword: true } })).toEqual({ format: 'pgp', armoredKey: 'KEY' });
    expect(routeFor({ ...none, registered: { pdfPassword: false } })).toEqual({ format: 'portal', method: 'account', phone: null, lang: 'de' });
    expect(routeFor({ ...none, portal: { method: 'sms', phone: '+491701234567' } })).toEqual({ format: 'portal', method: 'sms', phone: '+491701234567', lang: 'de' });
  });

  it('gives a registered recipient the PDF only where the organisation chose it and they set a PDF password', () => {
    expect(routeFor({ ...none, registeredFormat: 'pdf', registered: { pdfPassword: true } })).toEqual({ format: 'pdf' });
    expect(routeFor({ ...none, registeredFormat: 'pdf', registered: { pdfPassword: false } }).format).toBe('portal');
    expect(routeFor({ ...none, registeredFormat: 'portal', registered: { pdfPassword: true } }).format).toBe('portal');
  });

  it('holds the mail when nothing is known and no default can serve the recipient', () => {
    expect(routeFor(none)).toEqual({ format: 'held' });
  });
});
