import { describe, expect, it } from 'vitest';
import { linkEntry, linkPending, pendingBody } from './chain.ts';
import type { AuditDraft } from './model.ts';

const draft: AuditDraft = {
  orgId: 'default',
  id: 'e1',
  at: new Date('2026-11-30T09:12:44.120Z'),
  action: 'file.downloaded',
  transferId: 't1',
  recipientId: null,
  actor: 'recipient:ä\u{1F600}"\\',
  clientAddress: '192.0.2.7',
  // Keys that also appear at the top level, nested: placing an entry must change only its own seq and prev.
  details: { seq: 1, prev: 'x', nested: { seq: 0, transfer: null, list: [1, -2, 'z'] }, ok: true },
};

describe('sealing a pending entry', () => {
  it('gives byte for byte the entry linkEntry gives (the hashed form is unchanged)', () => {
    const body = pendingBody(draft);
    expect(JSON.parse(body)).toMatchObject({ seq: 0, prev: '0'.repeat(64) });
    expect(linkPending(body, null)).toEqual(linkEntry(draft, null));
    const head = { seq: 41, hash: 'ab'.repeat(32) };
    expect(linkPending(body, head)).toEqual(linkEntry(draft, head));
    expect(linkPending(body, head).seq).toBe(42);
  });

  it('refuses, when written, an entry the chain cannot hold', () => {
    expect(() => pendingBody({ ...draft, details: { ratio: 0.5 } })).toThrow('safe integers');
  });
});
