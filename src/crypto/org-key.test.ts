// The organisation key: committed vectors (a member's wrap and two sealed codes made once, which must keep opening:
// the format is stable), every binding check, and Debian's age CLI as an independent opener.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fromBase64Url, utf8 } from './bytes.ts';
import { encryptBytes } from './blob-stream.ts';
import { isCryptoError } from './errors.ts';
import { generateAgeKeyPair } from './identities.ts';
import { generateOrgKey, openAccessCode, openOrgKeyWrap, sealAccessCode, wrapOrgKey } from './org-key.ts';

const vector = {
  orgIdentity: 'AGE-SECRET-KEY-122L9EK92789EXAN7GSXK3SA3XNZV39SGS999Q9Q5J7P9XA5679JSSVUSF0',
  orgRecipient: 'age1d9c0smwx5t5z2xl7thdul4qj3pvur3vhsjk4408kagy6wz6gp5xsgdmjyh',
  memberIdentity: 'AGE-SECRET-KEY-1AHPFYYTCUXTSPE5WATAKK8REHUZRG7RFCF2YQ04QHH03VL2PQTJS7M3T48',
  memberRecipient: 'age1tr8ndl7y4a7mrnt3fu97m7xxhhr5cjjaqvtr4fpk5t56j2zmydssvwnh4v',
  wrap:
    'YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0-IFgyNTUxOSBNbjl5TFhMcFZPRGgzNHRxS0ZCRDBUbjJFY0F4UVdpMTFwU0hYSHJYRVNZClh1R1cycFR1bk5aKzN5YWJsZThjbzd5WEx1b3VMYldlTktPeWJBWUhBRWMKLS0tIHlGRTY0R1ZlRGRQYytycFR4aEJLRXh4ZFo2VVFaSzdBMTdXUDJuUzZKbjQKVunoyNFJNKoZCsszCZfC5aH55ifsh3X9RWCY6aGF4hXyjYS9hXPymhPlUEwmWs9XfEI_hslxUtRfLXz_cVC2-YSnN6c-RbAtjKAkMBaoAc6nzBbHLuG9hpkZb3KvdLGVZW6ldYShzSCj7_nSDudokd2vfWiPu9DOYZi7C_pFu2xOco13JhIHiGFpyIitxLg7XDi9KNGRUfS5EviGE7e3kA8O6RghULP1f17hlHF41-qUontpHbC9LC1pEvrKYAehaaVnabDqfsF9LHgYQRAwlRKHCmQwCMDDzx_hhJyDMuZE0NQZ9vBv4fjSypQTs3B1NB2iaHzM3lXYY4XX3L0',
  code:
    'YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0-IFgyNTUxOSBzUTE2WjhWNjJKV09Ga2prQ1p2OHp6RWt5MmNJQitpbWVVTDh0NEgxd0NjClBLMmltWUpjVW5rd3JFYnNwQXl4djhnRXpETzhQcWhUTzFoWjNTMW81Q00KLS0tIEJqYTFCa0JmcjM4ZG9hczFTcjJueVVYN2JBSzAzZnNvTkJSbEtMa0RsdXcK0hsI-IaWSJ5W4zPuNC5q5pYcsj8pr5PKMswgi9K2fu3IMLenTRS2KIC7fQtO-CQsHHWl-egjQ6V8mCCur1vMQ1kY7nMOcXNax2TgFBDzXFYfO9k8_l0S-SZVwaoY5kJ-0abYfBcy6qtRh0JyVA9GeK06D6EfHoYG3W9vBwsHFzJ3RvfGtFTsFqxr60cXCf8S9TIX8m8bZoKKv8Vb',
  own:
    'YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0-IFgyNTUxOSBpN3ZGSGRWUjVLQXRRZWhvc0pqcXdPZ0o1M0pDYUsrdGVTR05RK1F5ZEdzCm05b1hzY0NqcXFLR1IwKzM3R3BlRGxmTWZHQWg0aEtMUVRnWVdzd3p4bEEKLS0tIDA5Y0MvS1BWZzlnVU92VzRUS2pKT0N3Mm5NdnZsOFpUUVM1eUNTL2NLRXMKPL_c8px-7EGeMYzG2Hg0W1PbIhkYsJ7KaTaLvAJrjklucogI36bu9UOt7WtFzUs2gFmoYyxHYarK2VfZwQS_R_la1EUVD8cxM2DvZTyWjDGczMmYY6v98RLzzPd5wfXEWqlqM8DXJGwoZb-CwNw_mREp6DCYxlqOKvFBIvBlO54_DioZv_xSxCWtCd_KrNmDyeJi4i6eoF50JMxmd20IL0vmVXTnACIA',
};
const org = { orgId: 'org_vector' };
const email = 'client@elsewhere.example';

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(isCryptoError(error) ? error.code : error).toBe(code);
}

const dir = mkdtempSync(path.join(tmpdir(), 'sp-org-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('organisation key', () => {
  it('opens the committed wrap and sealed codes (the format stays readable)', async () => {
    const identity = await openOrgKeyWrap({ wrapped: fromBase64Url(vector.wrap), personalIdentity: vector.memberIdentity, ...org, publicKey: vector.orgRecipient });
    expect(identity).toBe(vector.orgIdentity);
    expect(await openAccessCode({ sealed: fromBase64Url(vector.code), identity, owner: org, email: 'Client@Elsewhere.example' })).toBe('4711-ABCD-EFGH');
    expect(await openAccessCode({ sealed: fromBase64Url(vector.own), identity: vector.memberIdentity, owner: { senderEmail: 'guest@elsewhere.example' }, email })).toBe('PHONE-CODE-42');
  });

  it('round-trips a fresh key to a second member', async () => {
    const key = await generateOrgKey();
    const member = await generateAgeKeyPair({ postQuantum: false });
    const wrapped = await wrapOrgKey({ ...org, identity: key.identity, memberRecipient: member.recipient });
    expect(await openOrgKeyWrap({ wrapped, personalIdentity: member.identity, ...org, publicKey: key.recipient })).toBe(key.identity);
  });

  it('refuses a wrap for another organisation, a public key the server swapped, another member, another purpose', async () => {
    const wrapped = fromBase64Url(vector.wrap);
    await expectCode(openOrgKeyWrap({ wrapped, personalIdentity: vector.memberIdentity, orgId: 'org_other', publicKey: vector.orgRecipient }), 'SP_ERR_CRYPTO_BINDING');
    const swapped = await generateOrgKey();
    await expectCode(openOrgKeyWrap({ wrapped, personalIdentity: vector.memberIdentity, ...org, publicKey: swapped.recipient }), 'SP_ERR_CRYPTO_BINDING');
    await expectCode(openOrgKeyWrap({ wrapped, personalIdentity: vector.orgIdentity, ...org, publicKey: vector.orgRecipient }), 'SP_ERR_DECRYPT');
    // A code is not a key: an age file of another purpose to the same member does not pass as a wrap.
    await expectCode(openOrgKeyWrap({ wrapped: fromBase64Url(vector.own), personalIdentity: vector.memberIdentity, ...org, publicKey: vector.orgRecipient }), 'SP_ERR_CRYPTO_BINDING');
    // The server's own key document, naming its own public key but holding another identity, is refused.
    const forged = await encryptBytes(utf8(JSON.stringify({ v: 1, purpose: 'sealpost-org-key', orgId: org.orgId, publicKey: vector.orgRecipient, identity: swapped.identity })), { recipients: [vector.memberRecipient] });
    await expectCode(openOrgKeyWrap({ wrapped: forged, personalIdentity: vector.memberIdentity, ...org, publicKey: vector.orgRecipient }), 'SP_ERR_CRYPTO_BINDING');
  });

  it('binds a sealed code to its organisation (or sender) and recipient address: moved, it does not open', async () => {
    const sealed = fromBase64Url(vector.code);
    await expectCode(openAccessCode({ sealed, identity: vector.orgIdentity, owner: org, email: 'other@elsewhere.example' }), 'SP_ERR_CRYPTO_BINDING');
    await expectCode(openAccessCode({ sealed, identity: vector.orgIdentity, owner: { orgId: 'org_other' }, email }), 'SP_ERR_CRYPTO_BINDING');
    // An organisation's code does not pass as a sender's own, nor one sender's as another's.
    await expectCode(openAccessCode({ sealed, identity: vector.orgIdentity, owner: { senderEmail: 'org_vector' }, email }), 'SP_ERR_CRYPTO_BINDING');
    await expectCode(openAccessCode({ sealed: fromBase64Url(vector.own), identity: vector.memberIdentity, owner: { senderEmail: 'other@elsewhere.example' }, email }), 'SP_ERR_CRYPTO_BINDING');
    await expectCode(sealAccessCode({ owner: org, email, code: ' ', recipient: vector.orgRecipient }), 'SP_ERR_CRYPTO_INPUT');
    await expectCode(sealAccessCode({ owner: org, email, code: 'x'.repeat(201), recipient: vector.orgRecipient }), 'SP_ERR_CRYPTO_INPUT');
  });

  it('Debian age opens a sealed code with the organisation identity, and a wrap with the member key', () => {
    const keyFile = path.join(dir, 'org.key');
    writeFileSync(keyFile, `${vector.orgIdentity}\n`);
    writeFileSync(path.join(dir, 'code.age'), fromBase64Url(vector.code));
    const doc = JSON.parse(execFileSync('age', ['-d', '-i', keyFile, path.join(dir, 'code.age')], { encoding: 'utf8' })) as Record<string, unknown>;
    expect(doc).toEqual({ v: 1, purpose: 'sealpost-org-access-code', owner: 'org_vector', email, code: '4711-ABCD-EFGH' });
    const memberFile = path.join(dir, 'member.key');
    writeFileSync(memberFile, `${vector.memberIdentity}\n`);
    writeFileSync(path.join(dir, 'wrap.age'), fromBase64Url(vector.wrap));
    expect(JSON.parse(execFileSync('age', ['-d', '-i', memberFile, path.join(dir, 'wrap.age')], { encoding: 'utf8' }))).toMatchObject({ purpose: 'sealpost-org-key', orgId: 'org_vector', identity: vector.orgIdentity });
  });
});
