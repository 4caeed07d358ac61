import { fromBase64Url, openFromOutbox, sealForOutbox, toBase64Url } from '../../crypto/index.ts';
import { keyedDigest } from '../../crypto/keyed-digest.ts';
import type { PayloadSealer } from '../../core/ports/payload-sealer.ts';
import type { ServerSecrets } from '../../core/ports/server-secrets.ts';
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const utf8 = (text: string): Uint8Array => encoder.encode(text);


/** Outbox payloads sealed under SECRET_KEY (see docs/crypto.md, "outbox seal"). */
export function createPayloadSealer(key: Uint8Array): PayloadSealer {
  return {
    seal: async (plaintext, context) =>
      toBase64Url(sealForOutbox({ key, plaintext: utf8(plaintext), associatedData: utf8(context) })),
    open: async (sealed, context) => decoder.decode(openFromOutbox({ key, sealed: fromBase64Url(sealed), associatedData: utf8(context) })),
  };
}

/** Codes and tokens are stored only as HMACs under a key derived from SECRET_KEY. */
export function createServerSecrets(key: Uint8Array): ServerSecrets {
  return { digest: (purpose, value) => toBase64Url(keyedDigest(key, purpose, utf8(value))) };
}
