// RFC 6238 TOTP (SHA-1, 6 digits, 30 s: what every authenticator app supports) via the otpauth library.
import { Secret, TOTP } from 'otpauth';

export interface TotpSetup {
  /** Base32 secret, shown for manual entry and kept by the server. */
  secret: string;
  /** otpauth:// URI for the QR code. */
  uri: string;
}

function totp(secret: string, label = 'staff', issuer = 'Sealpost'): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
}

export function newTotpSecret(label: string, issuer: string): TotpSetup {
  const secret = new Secret({ size: 20 }).base32;
  return { secret, uri: totp(secret, label, issuer).toString() };
}

/**
 * The time step a code matches (±1 step of clock drift), or null. The caller stores the step and refuses the same
 * or an earlier step next time, so a code seen over a shoulder cannot be replayed.
 */
export function matchTotp(secret: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secret).validate({ token: code, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : Math.floor(now.getTime() / 30000) + delta;
}

/** The current code (tests and the enrolment check). */
export function totpCode(secret: string, now: Date): string {
  return totp(secret).generate({ timestamp: now.getTime() });
}
