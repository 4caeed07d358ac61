// Checks the committed vectors against src/crypto. Universal: runs in Node (vectors.test.ts) and in Chromium
// (test/crypto/browser/entry.ts). Returns one line per failure; an empty list means all passed.
import { sha256 } from '@noble/hashes/sha2.js';
import * as sp from '../../src/crypto/index.ts';
import { toHex } from '../../src/crypto/bytes.ts';
import type { ChunkCipher } from '../../src/crypto/chunk-cipher.ts';
import { computePayload, hexBytes } from './pattern.ts';

export interface Vectors {
  ageFiles: { producer: string; identity: string; size: number; plaintextSha256: string; file: string }[];
  invalidAgeFiles: { why: string; file: string }[];
  streams: { plaintextSize: number; payloadKey: string; payloadSha256: string }[];
  recipientWraps: { linkSecret: string; serverShare: string; codeKey?: string; messageId: string; recipientId: string; identity: string; nonce: string; wrapped: string }[];
  accessCodes: { code: string; messageId: string; recipientId: string; params: sp.Argon2Params; codeKey: string; verifier: string; verifierDigest: string }[];
  passwordWraps: { password: string; identity: string; wrapped: string }[];
  personalWraps: { personalIdentity: string; messageId: string; identity: string; wrapped: string }[];
  outboxSeals: { key: string; associatedData: string; nonce: string; plaintext: string; sealed: string }[];
  erasableSeals: { key: string; extraKey?: string; associatedData: string; nonce: string; plaintext: string; sealed: string }[];
  manifests: { identity: string; messageId: string; manifest: sp.Manifest; sealed: string }[];
}

function fromB64(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export async function checkVectors(v: Vectors, cipher: ChunkCipher, log: (line: string) => void = () => undefined): Promise<string[]> {
  const failures: string[] = [];
  const check = async (name: string, fn: () => Promise<boolean> | boolean) => {
    try {
      if (!(await fn())) failures.push(`${name}: mismatch`);
    } catch (err) {
      failures.push(`${name}: ${(err as Error).message}`);
    }
    log(name);
  };
  for (const f of v.ageFiles) {
    await check(`age file ${f.producer} ${f.size}`, async () => {
      const plain = await sp.decryptBytes(fromB64(f.file), { identity: f.identity, cipher });
      return plain.length === f.size && toHex(sha256(plain)) === f.plaintextSha256 && sp.encryptedSize(f.size) === fromB64(f.file).length;
    });
  }
  const identity = v.ageFiles[0]?.identity ?? '';
  for (const f of v.invalidAgeFiles) {
    await check(`invalid age file (${f.why})`, async () => {
      try {
        await sp.decryptBytes(fromB64(f.file), { identity, cipher });
        return false;
      } catch (err) {
        return sp.isCryptoError(err, 'SP_ERR_DECRYPT');
      }
    });
  }
  for (const s of v.streams) {
    await check(`STREAM payload ${s.plaintextSize}`, async () => {
      const r = await computePayload(s.plaintextSize, cipher);
      return r.payloadKey === s.payloadKey && r.payloadSha256 === s.payloadSha256;
    });
  }
  for (const w of v.recipientWraps) {
    await check(`recipient wrap ${w.codeKey ? 'with code' : 'link+share'}`, () => {
      const ctx = { linkSecret: hexBytes(w.linkSecret), serverShare: hexBytes(w.serverShare), messageId: w.messageId, recipientId: w.recipientId, ...(w.codeKey ? { codeKey: hexBytes(w.codeKey) } : {}) };
      const again = toHex(sp.wrapMessageIdentity({ ...ctx, identity: w.identity }, hexBytes(w.nonce)));
      return again === w.wrapped && sp.unwrapMessageIdentity({ ...ctx, wrapped: hexBytes(w.wrapped) }) === w.identity;
    });
  }
  for (const a of v.accessCodes) {
    await check('access code Argon2id', async () => {
      const r = await sp.stretchAccessCode({ code: a.code, messageId: a.messageId, recipientId: a.recipientId, params: a.params });
      return toHex(r.codeKey) === a.codeKey && toHex(r.verifier) === a.verifier && toHex(sp.accessCodeVerifierDigest(r.verifier)) === a.verifierDigest;
    });
  }
  for (const p of v.passwordWraps) {
    await check('password-wrapped personal key', async () => (await sp.unlockPersonalKey({ wrappedIdentity: hexBytes(p.wrapped), password: p.password })) === p.identity);
  }
  for (const p of v.personalWraps) {
    await check('identity wrapped to personal key', async () =>
      (await sp.unwrapIdentityWithPersonalKey({ wrapped: hexBytes(p.wrapped), personalIdentity: p.personalIdentity, messageId: p.messageId })) === p.identity);
  }
  for (const o of v.outboxSeals) {
    await check('outbox seal', () => {
      const args = { key: hexBytes(o.key), associatedData: hexBytes(o.associatedData) };
      const again = toHex(sp.sealForOutbox({ ...args, plaintext: hexBytes(o.plaintext) }, hexBytes(o.nonce)));
      return again === o.sealed && toHex(sp.openFromOutbox({ ...args, sealed: hexBytes(o.sealed) })) === o.plaintext;
    });
  }
  for (const e of v.erasableSeals) {
    await check('erasable seal', () => {
      const args = { key: hexBytes(e.key), associatedData: hexBytes(e.associatedData), ...(e.extraKey ? { extraKey: hexBytes(e.extraKey) } : {}) };
      const again = toHex(sp.sealErasable({ ...args, plaintext: hexBytes(e.plaintext) }, hexBytes(e.nonce)));
      return again === e.sealed && toHex(sp.openErasable({ ...args, sealed: hexBytes(e.sealed) })) === e.plaintext;
    });
  }
  for (const m of v.manifests) {
    await check('manifest', async () => JSON.stringify(await sp.openManifest({ sealed: fromB64(m.sealed), identity: m.identity, messageId: m.messageId })) === JSON.stringify(m.manifest));
  }
  return failures;
}
