// The organisation recovery key: committed vectors (an escrow and a restored wrap made once, which must keep opening:
// the format is stable), the fingerprint, every binding check, and Debian's age CLI as an independent opener.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fromBase64Url, utf8 } from './bytes.ts';
import { encryptBytes } from './blob-stream.ts';
import { isCryptoError } from './errors.ts';
import {
  escrowPersonalKey, generateRecoveryKey, isRecoveryRecipient, isUsableRecoveryRecipient, openEscrow, openRestoredKey, parseRecoveryKeyFile, recoveryKeyFingerprint, wrapRestoredKey,
} from './key-recovery.ts';

const vector = {
  recoveryIdentity: 'AGE-SECRET-KEY-1MJ4PPZF5Y9XDLTTRL7X2WMLW0RD2FSQSJEQL090Z7YMG5V36HK3QTM46ZX',
  recoveryRecipient: 'age1a8gdpq0xrwd5t7u7v3qlz2kzx34uvhqw79sr5lu5237efmz2d5dq429yse',
  fingerprint: '17DF-CE97-963D-D5C2',
  personalIdentity: 'AGE-SECRET-KEY-13QQKG7P53GL0EM8D22ASA62ZXTP09ARP7TMUKK6J4P0WNLEWP7AQ4GNN3E',
  personalRecipient: 'age1678jk6qe8uxa75ve2njvx8rcz9ewhx7pnv5xq0fmsf7ur7ugzv5sg3sp6l',
  currentIdentity: 'AGE-SECRET-KEY-1AHFG38J47NKSNE960VWT0WVQFWC3V4PDDSCHTMCTKQQAYD9R84VQZDYH0S',
  currentRecipient: 'age1khnqn5kaucdsllftfr4py0az3fxhkyhf97fjuse4lvjrdevrf3uqrkutfk',
  escrow:
    'YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0-IFgyNTUxOSBjWWsrNElJcmVpK28vSFVNbUZZeVFvVnNSYVJLc3MreUFPTEhVaFdIZ0d3CmYxd24yakphRWh0Mk5pNytXNHhEVE9GQWwrSE1XcitleGJkTjRJaU1ucEEKLS0tIFZFanB2b09zbm1rUG14UUxNZkRacmxZcTlpcmlUUC9sU1BXMFB6eTcrSG8KTtVjdJFLOHUNleU1iPervgG6xqpGpUFqQ2eO0E2r_sKN8_IQg5ClmGHQFsC7winBMjwD2yASiYTOMAgDSVe6FtK0Lv0GYtWe99_6Ymb1USftyIpUVRkJ46hpREO7qBlyOUhtlykj0uDAGTgykL-wljgx1uJOF57w7dF4OuZE7oixES6gygsngTd0u8qHC0JciBvxXx46aRzKWCi1GqUjYDG3huVzsJKs3ZNHIkvYLX8LAt-Y0Q-NrB-YD_X8lKEJmf1UlFGzZsfXKKHhD-gQaoDldiXeTmlPSANG4TbB0bV8NAvwUtmapTgXcDLD3MT_z6Bi4sxo7tYG-sX0EVSubQ_1hjplhU1D1U63sPjQ9hFtoO7jOUgv',
  restored:
    'YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0-IFgyNTUxOSBXOWlEKzlOajFHZnNqeFhxdkU4aU1hQzBMMEJNTkRyM2JJT29QR3REZzA4Cm5tT084aENmdU9LcVhvK2JkaFNSVFdxd0RxUWY4MW14Nk54eTZtSkhhMVUKLS0tIFY0b1VkZXk3UEhBUkR6K1NrdEJmd1RQTit2d2MwbmswRit3RDBQRHRNblEKP2Z3aB_LrnExWjc_COUcyFONjwEMwYeewo2rXrOyAjq5KMs5R3ZVgUXZ7nQ1unBPZpysTe4-pEumYIwLI41h4blr9jFhWr41D11wjjW-zIjrJev1yzF5DdnphvvUmHO0AIUzNKrxns25JykAFgFeeNOV0MC14VpZXpmYdWGH4UJZnzOKL337xF8pvS_OL3nb2_7SwP0V1k1YESP2ljJMWC34OXTjBzz3IfxaDFAviiHx-HepOlsdDsAjzSA5JTprRR0DefspyjQ4ywZ4qGoCmsPSUClpH8KAFToQRBRIlSYkneaZIzFCo5qhdMMnxA',
};
const binding = { orgId: 'org_vector', userId: 'usr_vector' };

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(isCryptoError(error) ? error.code : error).toBe(code);
}

const dir = mkdtempSync(path.join(tmpdir(), 'sp-recovery-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('organisation recovery key', () => {
  it('opens the committed escrow and restored wrap (the format stays readable)', async () => {
    const escrow = fromBase64Url(vector.escrow);
    expect(await openEscrow({ escrow, recoveryIdentity: vector.recoveryIdentity, ...binding, publicKey: vector.personalRecipient })).toBe(vector.personalIdentity);
    const restored = await openRestoredKey({ wrapped: fromBase64Url(vector.restored), personalIdentity: vector.currentIdentity });
    expect(restored).toEqual({ identity: vector.personalIdentity, publicKey: vector.personalRecipient });
  });

  it('prints the documented fingerprint: SHA-256 of the recipient, first 8 bytes in hex groups', () => {
    expect(recoveryKeyFingerprint(vector.recoveryRecipient)).toBe(vector.fingerprint);
    const independent = execFileSync('sh', ['-c', `printf %s '${vector.recoveryRecipient}' | sha256sum`]).toString().slice(0, 16).toUpperCase();
    expect(vector.fingerprint.replaceAll('-', '')).toBe(independent);
    expect(() => recoveryKeyFingerprint('age1pq1notx25519')).toThrow();
  });

  it('refuses a recovery key with one character mistyped (bech32 checksum), a post-quantum key and non-strings', async () => {
    const key = await generateRecoveryKey();
    expect(await isUsableRecoveryRecipient(key.recipient)).toBe(true);
    const last = key.recipient.at(-1) === 'q' ? 'p' : 'q';
    const typo = key.recipient.slice(0, -1) + last;
    expect(isRecoveryRecipient(typo)).toBe(true);
    expect(await isUsableRecoveryRecipient(typo)).toBe(false);
    expect(await isUsableRecoveryRecipient('age1pq1notx25519')).toBe(false);
    expect(await isUsableRecoveryRecipient(42)).toBe(false);
  });

  it('writes the key as age-keygen does, and parses it and age-keygen files back', async () => {
    const key = await generateRecoveryKey(new Date('2026-11-30T09:00:00.123Z'));
    expect(key.fileText).toBe(`# created: 2026-11-30T09:00:00Z\n# public key: ${key.recipient}\n${key.identity}\n`);
    expect(isRecoveryRecipient(key.recipient)).toBe(true);
    expect(await parseRecoveryKeyFile(key.fileText)).toEqual({ identity: key.identity, recipient: key.recipient });
    const file = path.join(dir, 'keygen.txt');
    execFileSync('age-keygen', ['-o', file], { stdio: 'ignore' });
    const parsed = await parseRecoveryKeyFile(readFileSync(file, 'utf8'));
    expect(parsed.recipient).toBe(execFileSync('age-keygen', ['-y', file]).toString().trim());
  });

  it('refuses files that are not one X25519 identity', async () => {
    const key = await generateRecoveryKey();
    for (const text of ['', 'hello', `${key.identity}\n${key.identity}\n`, key.recipient, 'AGE-SECRET-KEY-PQ-1ABC', 'x'.repeat(5000)]) {
      await expectCode(parseRecoveryKeyFile(text), 'SP_ERR_CRYPTO_INPUT');
    }
  });

  it("Debian's age CLI opens an escrow with the key file the browser offers for download", async () => {
    const key = await generateRecoveryKey();
    const keyFile = path.join(dir, 'recovery.txt');
    writeFileSync(keyFile, key.fileText, { mode: 0o600 });
    const escrowFile = path.join(dir, 'escrow.age');
    writeFileSync(escrowFile, await escrowPersonalKey({ identity: vector.personalIdentity, recoveryRecipient: key.recipient, ...binding }));
    const doc = JSON.parse(execFileSync('age', ['-d', '-i', keyFile, escrowFile]).toString()) as Record<string, unknown>;
    expect(doc).toEqual({ v: 1, purpose: 'sealpost-key-escrow', ...binding, publicKey: vector.personalRecipient, identity: vector.personalIdentity });
  });

  it('refuses an escrow of another user or organisation, with the wrong key, tampered, or of another purpose', async () => {
    const escrow = fromBase64Url(vector.escrow);
    const open = (o: Partial<Parameters<typeof openEscrow>[0]>) =>
      openEscrow({ escrow, recoveryIdentity: vector.recoveryIdentity, ...binding, publicKey: vector.personalRecipient, ...o });
    await expectCode(open({ userId: 'usr_other' }), 'SP_ERR_CRYPTO_BINDING');
    await expectCode(open({ orgId: 'org_other' }), 'SP_ERR_CRYPTO_BINDING');
    await expectCode(open({ publicKey: vector.currentRecipient }), 'SP_ERR_CRYPTO_BINDING');
    await expectCode(open({ recoveryIdentity: vector.currentIdentity }), 'SP_ERR_DECRYPT');
    const tampered = escrow.slice();
    tampered[tampered.length - 5] = (tampered[tampered.length - 5] as number) ^ 1;
    await expectCode(open({ escrow: tampered }), 'SP_ERR_DECRYPT');
    // A restored wrap offered as an escrow (same key pair for both) is refused by its purpose.
    const restoredToRecovery = await wrapRestoredKey({ identity: vector.personalIdentity, toRecipient: vector.recoveryRecipient });
    await expectCode(open({ escrow: restoredToRecovery }), 'SP_ERR_CRYPTO_BINDING');
  });

  it('refuses a restored wrap whose identity is not the public key it names', async () => {
    const lie = { v: 1, purpose: 'sealpost-restored-key', publicKey: vector.personalRecipient, identity: vector.currentIdentity };
    const wrapped = await encryptBytes(utf8(JSON.stringify(lie)), { recipients: [vector.currentRecipient] });
    await expectCode(openRestoredKey({ wrapped, personalIdentity: vector.currentIdentity }), 'SP_ERR_CRYPTO_BINDING');
    await expectCode(openRestoredKey({ wrapped: fromBase64Url(vector.restored), personalIdentity: vector.personalIdentity }), 'SP_ERR_DECRYPT');
  });

  it('escrows only to an X25519 recovery key, and only with an owner', async () => {
    await expectCode(escrowPersonalKey({ identity: vector.personalIdentity, recoveryRecipient: 'age1pq1xyz', ...binding }), 'SP_ERR_CRYPTO_INPUT');
    await expectCode(escrowPersonalKey({ identity: vector.personalIdentity, recoveryRecipient: vector.recoveryRecipient, orgId: '', userId: 'u' }), 'SP_ERR_CRYPTO_INPUT');
  });
});
