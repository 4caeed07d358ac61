// Regenerates sealpost-v1.json: `node test/vectors/generate.ts`. Age files come from two independent producers
// (Debian's Go `age` CLI and our Node path); everything deterministic is pinned with fixed keys and nonces.
// The committed file is the reference: tests check our code against it, never against a fresh run of this script.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from '@noble/hashes/sha2.js';
import * as sp from '../../src/crypto/node.ts';
import { toHex } from '../../src/crypto/bytes.ts';
import { patternBytes, payloadVector } from './pattern.ts';

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const dir = mkdtempSync(path.join(tmpdir(), 'sp-vectors-'));
const identity = 'AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX';
const recipient = await sp.recipientOf(identity);
writeFileSync(path.join(dir, 'key.txt'), identity + '\n');

const ageFiles = [];
for (const size of [0, 1, 65535, 65536, 65537, 131072, 140000]) {
  const plain = patternBytes(size);
  writeFileSync(path.join(dir, 'plain'), plain);
  const byCli = execFileSync('age', ['-r', recipient, path.join(dir, 'plain')]);
  const ours = await sp.encryptBytes(plain, { recipients: [recipient] });
  for (const [producer, file] of [['age-cli', byCli], ['sealpost-node', ours]] as const) {
    ageFiles.push({ producer, identity, size, plaintextSha256: toHex(sha256(plain)), file: b64(file) });
  }
}
const good = Buffer.from(ageFiles[6]!.file, 'base64');
const invalidAgeFiles = [
  { why: 'last chunk truncated by one byte', file: b64(good.subarray(0, good.length - 1)) },
  { why: 'bit flipped in header MAC', file: b64(flip(good, 140)) },
  { why: 'bit flipped in first chunk', file: b64(flip(good, 300)) },
  { why: 'one byte appended', file: b64(Buffer.concat([good, Buffer.of(0)])) },
];

const streams = await Promise.all([0, 1, 65536, 65537, 200000].map((size) => payloadVector(size)));

const fixed = (byte: number, n = 32) => new Uint8Array(n).fill(byte);
const wrapInputs = { linkSecret: fixed(1), serverShare: fixed(2), messageId: 'msg_01', recipientId: 'rcp_01', identity };
const recipientWraps = [
  { ...hexed(wrapInputs), nonce: toHex(fixed(3, 24)), wrapped: toHex(sp.wrapMessageIdentity(wrapInputs, fixed(3, 24))) },
  { ...hexed({ ...wrapInputs, codeKey: fixed(4) }), nonce: toHex(fixed(3, 24)), wrapped: toHex(sp.wrapMessageIdentity({ ...wrapInputs, codeKey: fixed(4) }, fixed(3, 24))) },
];
const codeInput = { code: '  483 920 ', messageId: 'msg_01', recipientId: 'rcp_01' };
const stretched = await sp.stretchAccessCode(codeInput);
const accessCodes = [{ ...codeInput, params: sp.ARGON2_PARAMS, codeKey: toHex(stretched.codeKey), verifier: toHex(stretched.verifier), verifierDigest: toHex(sp.accessCodeVerifierDigest(stretched.verifier)) }];
const passwordWraps = [{ password: 'correct horse battery staple', identity, wrapped: toHex(await sp.wrapIdentityWithPassword({ identity, password: 'correct horse battery staple', params: sp.ARGON2_MIN })) }];
const personalWraps = [{ personalIdentity: identity, messageId: 'msg_01', identity: 'AGE-SECRET-KEY-1QYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSKNTVJD', wrapped: '' }];
personalWraps[0]!.wrapped = toHex(await sp.wrapIdentityToRecipient({ identity: personalWraps[0]!.identity, recipient, messageId: 'msg_01' }));
const outboxSeals = [{ key: toHex(fixed(5)), associatedData: toHex(new TextEncoder().encode('outbox:42')), nonce: toHex(fixed(6, 24)), plaintext: toHex(fixed(7)), sealed: toHex(sp.sealForOutbox({ key: fixed(5), plaintext: fixed(7), associatedData: new TextEncoder().encode('outbox:42') }, fixed(6, 24))) }];
const erasableInput = { key: fixed(8), associatedData: new TextEncoder().encode('sealpost/recipient/rcp_01/serverShare'), plaintext: fixed(2) };
const erasableSeals = [
  { ...hexed(erasableInput), nonce: toHex(fixed(9, 24)), sealed: toHex(sp.sealErasable(erasableInput, fixed(9, 24))) },
  { ...hexed({ ...erasableInput, extraKey: fixed(5) }), nonce: toHex(fixed(9, 24)), sealed: toHex(sp.sealErasable({ ...erasableInput, extraKey: fixed(5) }, fixed(9, 24))) },
];
const manifest = { subject: 'Befund', text: 'Hallo,\nanbei.', files: [{ blobId: 'blob_1', name: 'scan.pdf', size: 65536, type: 'application/pdf', headerHash: sp.encodeHeaderHash(sp.headerHash(good.subarray(0, 168))) }] };
const manifests = [{ identity, messageId: 'msg_01', manifest, sealed: b64(await sp.sealManifest({ manifest, messageId: 'msg_01', recipients: [recipient] })) }];

const out = { format: 'sealpost-crypto-vectors', version: 1, ageFiles, invalidAgeFiles, streams, recipientWraps, accessCodes, passwordWraps, personalWraps, outboxSeals, erasableSeals, manifests };
const target = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sealpost-v1.json');
writeFileSync(target, JSON.stringify(out, null, 1) + '\n');
rmSync(dir, { recursive: true });
console.log('wrote', target, readFileSync(target).length, 'bytes');

function flip(b: Buffer, at: number): Buffer {
  const c = Buffer.from(b);
  c[at] = (c[at] as number) ^ 1;
  return c;
}
function hexed<T extends Record<string, unknown>>(o: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v instanceof Uint8Array ? toHex(v) : v]));
}
