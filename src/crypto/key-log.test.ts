import { describe, expect, it } from 'vitest';
import { isCryptoError } from './errors.ts';
import { KEY_LOG_GENESIS_HASH, keyLogEmailHash, keyLogEntryHash, nextKeyLogEntry, verifyKeyLogSegment, type KeyLogEntry } from './key-log.ts';

// Vectors computed independently with python3 (docs/crypto.md, "Key log"):
//   b64 = lambda b: base64.urlsafe_b64encode(b).decode().rstrip('=')
//   emailHash = b64(sha256(b'sealpost/v1/key-log\x00' + email.strip().lower().encode()))
//   hash = b64(sha256(json.dumps(entry, sort_keys=True, separators=(',', ':'), ensure_ascii=False).encode()))
const EMAIL_HASH = 'XNJcEPUsOQdkuxkqnIVYo3gbW2lF7Bt8pXgasIayQH0';
const KEY1 = 'age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq';
const KEY2 = 'age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj';
const e1: KeyLogEntry = { seq: 1, emailHash: EMAIL_HASH, publicKey: KEY1, event: 'registered', at: '2026-11-30T12:00:00.000Z', prevHash: KEY_LOG_GENESIS_HASH, hash: 'JMF73t-a70W-vqY8epQvRqgkDT2rvq0bwzsOt7xSGl0' };
const e2: KeyLogEntry = { seq: 2, emailHash: EMAIL_HASH, publicKey: KEY2, event: 'reset', at: '2026-12-01T08:30:00.000Z', prevHash: e1.hash, hash: 'sTLSgYsrQuVgW26AZmiSp5F1_50cRKmDqn06UrCwM2g' };

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(isCryptoError(error, 'SP_ERR_KEY_LOG')).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected SP_ERR_KEY_LOG');
}

describe('key log', () => {
  it('matches the python3 vectors', () => {
    expect(KEY_LOG_GENESIS_HASH).toBe('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(keyLogEmailHash('  Anna.Client@Example.org ')).toBe(EMAIL_HASH);
    expect(keyLogEntryHash(e1)).toBe(e1.hash);
    expect(keyLogEntryHash(e2)).toBe(e2.hash);
    expect(nextKeyLogEntry(null, { emailHash: EMAIL_HASH, publicKey: KEY1, event: 'registered', at: e1.at })).toEqual(e1);
    expect(nextKeyLogEntry(e1, { emailHash: EMAIL_HASH, publicKey: KEY2, event: 'reset', at: e2.at })).toEqual(e2);
  });

  it('verifies a segment from the start or from a checkpoint, and an empty segment keeps the checkpoint', () => {
    expect(verifyKeyLogSegment(null, [e1, e2])).toEqual({ seq: 2, hash: e2.hash });
    expect(verifyKeyLogSegment({ seq: 1, hash: e1.hash }, [e2])).toEqual({ seq: 2, hash: e2.hash });
    expect(verifyKeyLogSegment({ seq: 2, hash: e2.hash }, [])).toEqual({ seq: 2, hash: e2.hash });
    expect(verifyKeyLogSegment(null, [])).toBeNull();
  });

  it('refuses an altered entry, a gap, a reordering, an unknown event and a segment that does not extend the checkpoint', () => {
    expect(refusal(() => verifyKeyLogSegment(null, [{ ...e1, publicKey: KEY2 }]))).toMatch(/altered/);
    expect(refusal(() => verifyKeyLogSegment(null, [e2]))).toMatch(/does not follow/);
    expect(refusal(() => verifyKeyLogSegment(null, [e1, e1]))).toMatch(/does not follow/);
    const unknown = { ...e1, event: 'stolen' as never };
    expect(refusal(() => verifyKeyLogSegment(null, [{ ...unknown, hash: keyLogEntryHash(unknown) }]))).toMatch(/unknown event/);
    // A rewritten history: another entry 1 (consistent in itself) does not extend a checkpoint taken on the real one.
    const forged = nextKeyLogEntry(null, { emailHash: EMAIL_HASH, publicKey: KEY2, event: 'registered', at: e1.at });
    const forged2 = nextKeyLogEntry(forged, { emailHash: keyLogEmailHash('x@example.org'), publicKey: KEY1, event: 'registered', at: e2.at });
    expect(refusal(() => verifyKeyLogSegment({ seq: 1, hash: e1.hash }, [forged2]))).toMatch(/does not chain/);
    // The log only grows: a checkpoint ahead of what is shown is never extended by older entries.
    expect(refusal(() => verifyKeyLogSegment({ seq: 2, hash: e2.hash }, [e1]))).toMatch(/does not follow/);
  });
});
