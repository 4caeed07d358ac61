/**
 * Which format one recipient of a protected mail gets (issue 14, "Delivery, per recipient"): the strongest the
 * organisation knows for them. A certificate or OpenPGP key the recipient holds beats the portal, because then the
 * mail is end-to-end encrypted to a key only they have and needs no portal visit; a registered recipient gets the
 * PDF only where the organisation chose it and they set a PDF password, otherwise a portal message to their key.
 */
import type { GatewayRegisteredFormat } from '../agreements/model.ts';
import type { NotificationLanguage, VerificationMethod } from '../transfers/model.ts';
import type { RecipientRoute } from './model.ts';

export interface RouteFacts {
  /** Trusted, currently valid S/MIME certificates from the organisation's directory (DER). */
  smime: Uint8Array[];
  /** A trusted, usable OpenPGP public key (armored), or null. */
  pgp: string | null;
  /** The recipient has a Sealpost account (issue 12) and, if so, whether they set a PDF password. */
  registered: { pdfPassword: boolean } | null;
  registeredFormat: GatewayRegisteredFormat;
  /** The portal verification the directory, a subject hint or the organisation's default gives; held when none. */
  portal: { method: VerificationMethod; phone: string | null; accessCode?: string | undefined } | { held: true };
  lang: NotificationLanguage;
}

export function routeFor(facts: RouteFacts): RecipientRoute {
  if (facts.smime.length > 0) return { format: 'smime', certificates: facts.smime };
  if (facts.pgp !== null) return { format: 'pgp', armoredKey: facts.pgp };
  if (facts.registered !== null) {
    if (facts.registeredFormat === 'pdf' && facts.registered.pdfPassword) return { format: 'pdf' };
    return { format: 'portal', method: 'account', phone: null, lang: facts.lang };
  }
  if ('held' in facts.portal) return { format: 'held' };
  const { method, phone, accessCode } = facts.portal;
  return { format: 'portal', method, phone, lang: facts.lang, ...(accessCode ? { accessCode } : {}) };
}
