// The WebAuthn JSON a browser sends back (WebAuthn L3 "toJSON" shape, as @simplewebauthn/browser builds it), checked
// at the edge. clientExtensionResults must be empty: the PRF output stays on the device, and a client that would
// send it is refused rather than trusted to have meant well.
import { z } from 'zod';

const b64u = (max: number) => z.string().regex(/^[A-Za-z0-9_-]+$/).max(max);
/** Credential ids are at most 1023 bytes. */
export const credentialId = b64u(1400).min(16);
export const attemptId = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
const noExtensionOutputs = z.object({}).strict();
const attachment = z.enum(['platform', 'cross-platform']).optional();
const transports = z.array(z.enum(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'])).max(10);

export const authenticationResponse = z
  .object({
    id: credentialId,
    rawId: credentialId,
    type: z.literal('public-key'),
    response: z.object({ clientDataJSON: b64u(2048), authenticatorData: b64u(2048), signature: b64u(1024), userHandle: b64u(128).optional() }).strict(),
    authenticatorAttachment: attachment,
    clientExtensionResults: noExtensionOutputs,
  })
  .strict();

export const passkeyAssertion = z.object({ attemptId, response: authenticationResponse }).strict();

export const registrationResponse = z
  .object({
    id: credentialId,
    rawId: credentialId,
    type: z.literal('public-key'),
    response: z
      .object({
        clientDataJSON: b64u(2048),
        attestationObject: b64u(16384),
        authenticatorData: b64u(4096).optional(),
        transports: transports.optional(),
        publicKeyAlgorithm: z.int().optional(),
        publicKey: b64u(4096).optional(),
      })
      .strict(),
    authenticatorAttachment: attachment,
    clientExtensionResults: noExtensionOutputs,
  })
  .strict();

export const passkeyView = z.object({
  id: z.string(),
  name: z.string(),
  transports: z.array(z.string()),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  /** Whether this passkey also unlocks the personal key (its authenticator offered PRF). */
  prf: z.boolean(),
});

/** Options as @simplewebauthn/server produced them (plus our PRF input); passed through to the browser. */
export const ceremonyOptions = z.object({ attemptId: z.string(), options: z.record(z.string(), z.unknown()) });
