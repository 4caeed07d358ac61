// A software WebAuthn authenticator for the API tests (the browser tests use Chromium's own virtual one over CDP):
// a real P-256 key pair, real CBOR attestation objects ("none" format) and real ECDSA assertions, with the signature
// counter under the test's control so a cloned authenticator can be played. Its "PRF" is HMAC-SHA-256 of the salt
// under a per-credential secret, as CTAP2 hmac-secret computes it inside a real authenticator.
import { createHash, createHmac, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';

const b64u = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

export interface SoftCredential {
  id: string;
  privateKey: KeyObject;
  userHandle: string;
  counter: number;
  prfSecret: Buffer;
}

export interface SoftAuthenticator {
  /** Answers creation options as @simplewebauthn/browser would (clientExtensionResults emptied, as our page does). */
  register(options: { challenge: string; user: { id: string } }, origin?: string): { response: Record<string, unknown>; credential: SoftCredential };
  /** An assertion over `challenge`; `counter` sets the signature counter it reports (default: one more than last time). */
  assert(credential: SoftCredential, challenge: string, opts?: { counter?: number; origin?: string; userVerified?: boolean; userHandle?: string | null; tamper?: boolean }): Record<string, unknown>;
  /** The 32-byte PRF output for a base64url salt (WebAuthn hashes "WebAuthn PRF" || 0x00 || salt first). */
  prf(credential: SoftCredential, saltB64u: string): Uint8Array;
}

function authData(rpId: string, flags: number, counter: number, attested?: Buffer): Buffer {
  const head = Buffer.alloc(37);
  sha256(rpId).copy(head, 0);
  head[32] = flags;
  head.writeUInt32BE(counter, 33);
  return attested ? Buffer.concat([head, attested]) : head;
}

export function createSoftAuthenticator(rpId: string, defaultOrigin: string): SoftAuthenticator {
  return {
    register(options, origin = defaultOrigin) {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const jwk = publicKey.export({ format: 'jwk' });
      const cose = isoCBOR.encode(new Map<number, number | Uint8Array>([[1, 2], [3, -7], [-1, 1], [-2, Buffer.from(jwk.x ?? '', 'base64url')], [-3, Buffer.from(jwk.y ?? '', 'base64url')]]));
      const id = randomBytes(16);
      const idLength = Buffer.alloc(2);
      idLength.writeUInt16BE(id.length);
      const attested = Buffer.concat([Buffer.alloc(16), idLength, id, Buffer.from(cose)]);
      const data = authData(rpId, 0x01 | 0x04 | 0x40, 0, attested);
      const attestationObject = isoCBOR.encode(new Map<string, string | Uint8Array | Map<string, string>>([['fmt', 'none'], ['attStmt', new Map<string, string>()], ['authData', new Uint8Array(data)]]));
      const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge: options.challenge, origin, crossOrigin: false }));
      const credential: SoftCredential = { id: b64u(id), privateKey, userHandle: options.user.id, counter: 0, prfSecret: randomBytes(32) };
      return {
        credential,
        response: {
          id: credential.id,
          rawId: credential.id,
          type: 'public-key',
          response: { clientDataJSON: b64u(clientDataJSON), attestationObject: b64u(attestationObject), transports: ['internal'] },
          authenticatorAttachment: 'platform',
          clientExtensionResults: {},
        },
      };
    },
    assert(credential, challenge, opts = {}) {
      const counter = opts.counter ?? credential.counter + 1;
      credential.counter = Math.max(credential.counter, counter);
      const data = authData(rpId, 0x01 | (opts.userVerified === false ? 0 : 0x04), counter);
      const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge, origin: opts.origin ?? defaultOrigin, crossOrigin: false }));
      const signature = sign('sha256', Buffer.concat([data, sha256(clientDataJSON)]), credential.privateKey);
      if (opts.tamper) signature[signature.length - 1] = (signature[signature.length - 1] ?? 0) ^ 1;
      const userHandle = opts.userHandle === undefined ? credential.userHandle : opts.userHandle;
      return {
        id: credential.id,
        rawId: credential.id,
        type: 'public-key',
        response: { clientDataJSON: b64u(clientDataJSON), authenticatorData: b64u(data), signature: b64u(signature), ...(userHandle === null ? {} : { userHandle }) },
        authenticatorAttachment: 'platform',
        clientExtensionResults: {},
      };
    },
    prf(credential, saltB64u) {
      const input = sha256(Buffer.concat([Buffer.from('WebAuthn PRF'), Buffer.from([0]), Buffer.from(saltB64u, 'base64url')]));
      return new Uint8Array(createHmac('sha256', credential.prfSecret).update(input).digest());
    },
  };
}
