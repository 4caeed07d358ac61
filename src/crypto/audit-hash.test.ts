import { describe, expect, it } from 'vitest';
import { AUDIT_GENESIS_HASH, auditEntryHash, canonicalJson } from './audit-hash.ts';
import { isCryptoError } from './errors.ts';

// Vectors computed independently with python3:
//   json.dumps(e, sort_keys=True, separators=(',', ':'), ensure_ascii=False), then hashlib.sha256(...).hexdigest()
const entry = {
  v: 1,
  org: 'default',
  seq: 1,
  id: 'evt1',
  at: '2026-11-30T02:00:00.000Z',
  action: 'transfer.sent',
  actor: 'anna@example.org',
  transfer: 't1',
  recipient: null,
  client: '192.0.2.1',
  details: { recipients: 2, files: [1, 2], hidden: true, note: 'Grüße "quoted" \\ 😀' },
  prev: AUDIT_GENESIS_HASH,
};
const canonical =
  '{"action":"transfer.sent","actor":"anna@example.org","at":"2026-11-30T02:00:00.000Z","client":"192.0.2.1",' +
  '"details":{"files":[1,2],"hidden":true,"note":"Grüße \\"quoted\\" \\\\ 😀","recipients":2},"id":"evt1","org":"default",' +
  '"prev":"0000000000000000000000000000000000000000000000000000000000000000","recipient":null,"seq":1,"transfer":"t1","v":1}';

describe('audit hash chain serialisation', () => {
  it('matches the python3 vectors', () => {
    expect(canonicalJson(entry)).toBe(canonical);
    expect(auditEntryHash(entry)).toBe('49ebc1f49f81a1ad16b51e25206afcbd44c26f5b2aad4f893c52ccf898be0556');
    expect(auditEntryHash({})).toBe('44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });

  it('does not depend on the order keys were written in', () => {
    const reversed = Object.fromEntries(Object.entries(entry).reverse());
    expect(auditEntryHash(reversed)).toBe(auditEntryHash(entry));
  });

  it.each([
    ['a control character', { a: 'x\ny' }],
    ['DEL', { a: 'x\u007fy' }],
    ['a lone surrogate', { a: 'x\uD800y' }],
    ['a fraction', { a: 1.5 }],
    ['an unsafe integer', { a: 2 ** 53 }],
    ['a non-ASCII key', { ä: 1 }],
    ['a Date', { a: new Date(0) }],
    ['a function', { a: () => 1 }],
  ])('refuses %s instead of guessing how other tools would write it', (_what, value) => {
    expect(() => canonicalJson(value)).toThrow(expect.objectContaining({ code: 'SP_ERR_CRYPTO_INPUT' }) as Error);
  });

  it('refuses to hash an entry that still carries its hash', () => {
    let caught: unknown;
    try {
      auditEntryHash({ ...entry, hash: 'x' });
    } catch (error) {
      caught = error;
    }
    expect(isCryptoError(caught, 'SP_ERR_CRYPTO_INPUT')).toBe(true);
  });
});
