import { randomBytes } from 'node:crypto';
import { fromBase64Url, generateSecret, openErasable, openFromOutbox, sealErasable, sealForOutbox, toBase64Url } from '../../crypto/index.ts';
import { keyedDigest } from '../../crypto/keyed-digest.ts';
import { openTotpSecret, sealTotpSecret } from '../../crypto/totp-seal.ts';
import { SealpostError } from '../../core/errors.ts';
import type { ErasableKeyStore } from '../../core/ports/erasable-key-store.ts';
import type { PayloadSealer } from '../../core/ports/payload-sealer.ts';
import type { ServerSecrets } from '../../core/ports/server-secrets.ts';
import type { SecretSealer } from '../../core/sso/context.ts';
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const utf8 = (text: string): Uint8Array => encoder.encode(text);

/** `e5.<key id>.<base64url erasable seal>`; a payload without the prefix is a 0x04 seal from before. */
const PREFIX = 'e5.';

function parse(sealed: string): { keyId: string; bytes: Uint8Array } | undefined {
  if (!sealed.startsWith(PREFIX)) return undefined;
  const [keyId, body] = sealed.slice(PREFIX.length).split('.');
  if (!keyId || body === undefined) throw new SealpostError('SP_ERR_INTERNAL', { message: 'Malformed outbox payload' });
  return { keyId, bytes: fromBase64Url(body) };
}

const associatedData = (context: string, keyId: string): Uint8Array => utf8(`${context}\n${keyId}`);

/**
 * Outbox payloads sealed under SECRET_KEY *and* a fresh erasable key per item (docs/crypto.md §3.8): the
 * key is destroyed when the item is delivered, so old database pages holding the sealed payload open
 * nothing even for someone who also has SECRET_KEY.
 */
export function createPayloadSealer(secretKey: Uint8Array, keys: ErasableKeyStore): PayloadSealer {
  return {
    async seal(plaintext, context) {
      const keyId = `outbox-${randomBytes(16).toString('base64url')}`;
      const key = generateSecret();
      await keys.put(keyId, key);
      const sealed = sealErasable({ key, extraKey: secretKey, plaintext: utf8(plaintext), associatedData: associatedData(context, keyId) });
      key.fill(0);
      return `${PREFIX}${keyId}.${toBase64Url(sealed)}`;
    },
    async open(sealed, context) {
      const parsed = parse(sealed);
      if (!parsed) return decoder.decode(openFromOutbox({ key: secretKey, sealed: fromBase64Url(sealed), associatedData: utf8(context) }));
      const key = await keys.get(parsed.keyId);
      if (!key) throw new SealpostError('SP_ERR_INTERNAL', { message: 'The key of this outbox payload was erased (already delivered)' });
      try {
        return decoder.decode(openErasable({ key, extraKey: secretKey, sealed: parsed.bytes, associatedData: associatedData(context, parsed.keyId) }));
      } finally {
        key.fill(0);
      }
    },
    async discard(sealed) {
      const parsed = parse(sealed);
      if (parsed) await keys.destroy(parsed.keyId);
    },
  };
}

/** Codes and tokens are stored only as HMACs under a key derived from SECRET_KEY; TOTP secrets sealed under it. */
export function createServerSecrets(key: Uint8Array): ServerSecrets {
  return {
    digest: (purpose, value) => toBase64Url(keyedDigest(key, purpose, utf8(value))),
    sealTotpSecret: (userId, secret) => sealTotpSecret({ key, userId, secret }),
    openTotpSecret: (userId, sealed) => openTotpSecret({ key, userId, sealed }),
    // The configuration seal below, with its own purpose: a directory number never opens as a secret and back.
    sealDirectoryPhone: (orgId, email, phone) => createSecretSealer(key).seal(phone, `directory-phone\n${orgId}\n${email}`),
    openDirectoryPhone: (orgId, email, sealed) => createSecretSealer(key).open(sealed, `directory-phone\n${orgId}\n${email}`),
    sealPdfMaterial: (accountId, material) => createSecretSealer(key).seal(material, `recipient-pdf-key\n${accountId}`),
    openPdfMaterial: (accountId, sealed) => createSecretSealer(key).open(sealed, `recipient-pdf-key\n${accountId}`),
  };
}

/**
 * Configuration secrets (an organisation's SSO client secret) sealed under SECRET_KEY with the outbox seal
 * (XChaCha20-Poly1305, docs/crypto.md), bound by the associated data to their purpose and row (`sso-client-secret`
 * and the organisation id), so a sealed value opens only where it was sealed. Unlike outbox payloads these must
 * stay readable, so no erasable key: losing SECRET_KEY means entering the secret again.
 */
export function createSecretSealer(secretKey: Uint8Array): SecretSealer {
  return {
    seal: (plaintext, context) => `s4.${toBase64Url(sealForOutbox({ key: secretKey, plaintext: utf8(plaintext), associatedData: utf8(`config\n${context}`) }))}`,
    open(sealed, context) {
      if (!sealed.startsWith('s4.')) throw new SealpostError('SP_ERR_INTERNAL', { message: 'Malformed sealed secret' });
      return decoder.decode(openFromOutbox({ key: secretKey, sealed: fromBase64Url(sealed.slice(3)), associatedData: utf8(`config\n${context}`) }));
    },
  };
}
