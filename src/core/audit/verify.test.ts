import { describe, expect, it } from 'vitest';
import { AUDIT_GENESIS_HASH, auditEntryHash } from '../../crypto/index.ts';
import { exportLine, linkEntry } from './chain.ts';
import type { AuditHead } from './model.ts';
import { verifyAuditExport } from './verify.ts';

function chain(n: number, orgId = 'default'): string[] {
  const lines: string[] = [];
  let head: AuditHead | null = null;
  for (let i = 0; i < n; i += 1) {
    const entry = linkEntry({ orgId, id: `e${i}`, at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)), action: 'file.downloaded', actor: 'system', transferId: null, recipientId: null, clientAddress: null, details: { i } }, head);
    lines.push(exportLine(entry));
    head = { seq: entry.seq, hash: entry.hash };
  }
  return lines;
}

/** A line with `change` applied and its own hash recomputed, as a forger would. */
function forge(line: string, change: Record<string, unknown>): string {
  const { hash: _hash, ...fields } = JSON.parse(line) as Record<string, unknown>;
  const forged = { ...fields, ...change };
  return JSON.stringify({ ...forged, hash: auditEntryHash(forged) });
}

describe('verifyAuditExport', () => {
  it('accepts a chain, and an empty export (with no head)', async () => {
    const lines = chain(3);
    expect(await verifyAuditExport(lines)).toMatchObject({ ok: true, entries: 3, firstSeq: 1, head: { seq: 3 } });
    expect(await verifyAuditExport([])).toEqual({ ok: true, entries: 0, org: null, firstSeq: null, head: null, start: null });
  });

  it('a pruned chain starts from the checkpoint the chain itself records; an export starting elsewhere says so, and an anchor makes it fail', async () => {
    // Entries 1..5, then pruning of 1..3 appends the checkpoint as entry 6.
    const lines = chain(5);
    const third = JSON.parse(lines[2] ?? '') as { hash: string };
    let head: AuditHead = { seq: 5, hash: (JSON.parse(lines[4] ?? '') as { hash: string }).hash };
    const cut = linkEntry({ orgId: 'default', id: 'cp', at: new Date(Date.UTC(2026, 0, 2)), action: 'audit.pruned', actor: 'system', transferId: null, recipientId: null, clientAddress: null, details: { throughSeq: 3, throughHash: third.hash, pruned: 3 } }, head);
    head = { seq: cut.seq, hash: cut.hash };
    const pruned = [...lines.slice(3), exportLine(cut)];
    expect(await verifyAuditExport(pruned)).toMatchObject({ ok: true, firstSeq: 4, start: 'checkpoint', checkpoint: { throughSeq: 3, throughHash: third.hash, pruned: 3 } });
    // One more entry gone than pruning recorded: no longer joined to the checkpoint.
    expect(await verifyAuditExport(pruned.slice(1))).toMatchObject({ ok: true, firstSeq: 5, start: 'unanchored' });
    expect(await verifyAuditExport(pruned.slice(1), { anchor: { seq: 3, hash: third.hash } })).toMatchObject({ ok: false, problem: { kind: 'deleted' } });
    expect(await verifyAuditExport(pruned, { anchor: { seq: 3, hash: third.hash } })).toMatchObject({ ok: true, start: 'checkpoint' });
    // The whole chain (exported before pruning) still starts at the genesis.
    expect(await verifyAuditExport([...lines, exportLine(cut)])).toMatchObject({ ok: true, start: 'genesis', checkpoint: { throughSeq: 3 } });
  });

  it('writes the hash first, followed by exactly the hashed body', () => {
    const [line] = chain(1);
    const { hash, ...fields } = JSON.parse(line ?? '') as Record<string, unknown>;
    expect(line?.startsWith(`{"hash":"${String(hash)}","action":`)).toBe(true);
    expect(hash).toBe(auditEntryHash(fields));
    expect(fields.prev).toBe(AUDIT_GENESIS_HASH);
  });

  it('refuses a first entry that claims seq 1 but does not start at the genesis', async () => {
    const [first] = chain(1);
    expect((await verifyAuditExport([forge(first ?? '', { prev: 'a'.repeat(64) })])).problem).toMatchObject({ line: 1, kind: 'inserted' });
  });

  it('names malformed lines', async () => {
    const [first = ''] = chain(1);
    const cases: Array<[string, RegExp]> = [
      ['', /not JSON/],
      ['[1]', /not a JSON object/],
      [forge(first, { v: 2 }), /unknown format version 2/],
      [first.replace(/"hash":"[0-9a-f]+"/, '"hash":"XYZ"'), /hash is not 64/],
      [forge(first, { prev: 'short' }), /prev is not 64/],
      [forge(first, { seq: 0 }), /seq is not a positive integer/],
      [forge(first, { org: 7 }), /org is missing/],
      [first.replace('"i":0', '"i":0.5'), /outside the canonical form/],
    ];
    for (const [line, message] of cases) {
      const result = await verifyAuditExport([line]);
      expect(result.problem?.kind, line).toBe('malformed');
      expect(result.problem?.message, line).toMatch(message);
    }
  });

  it('a duplicated line reads as an insertion', async () => {
    const lines = chain(3);
    expect((await verifyAuditExport([lines[0] ?? '', lines[1] ?? '', lines[1] ?? '', lines[2] ?? ''])).problem).toMatchObject({ line: 3, kind: 'inserted' });
  });

  it('--expect-head: missing in an empty export, found at the end, or found earlier', async () => {
    const lines = chain(4);
    const heads = (await Promise.all([1, 2, 3, 4].map((n) => verifyAuditExport(lines.slice(0, n))))).map((r) => r.head?.hash ?? '');
    expect((await verifyAuditExport([], { expectHead: heads[3] ?? '' })).problem).toMatchObject({ line: 1, kind: 'truncated' });
    expect(await verifyAuditExport(lines, { expectHead: heads[3] ?? '' })).toMatchObject({ ok: true, appendedSinceExpectedHead: 0 });
    expect(await verifyAuditExport(lines, { expectHead: heads[1] ?? '' })).toMatchObject({ ok: true, appendedSinceExpectedHead: 2 });
  });
});
