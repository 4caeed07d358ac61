// Offline verification of an audit export (JSON lines, docs/audit.md). Pure: reads lines, never the database.
import { AUDIT_GENESIS_HASH, auditEntryHash, isCryptoError } from '../../crypto/index.ts';
import { AUDIT_FORMAT_VERSION } from './chain.ts';
import type { AuditHead } from './model.ts';

export type AuditProblemKind = 'malformed' | 'edited' | 'deleted' | 'reordered' | 'inserted' | 'foreign' | 'truncated';

export interface AuditProblem {
  /** 1-based line of the export; for `truncated`, the line after the last. */
  line: number;
  kind: AuditProblemKind;
  message: string;
}

export interface AuditVerifyResult {
  ok: boolean;
  entries: number;
  org: string | null;
  /** Seq of the first line: 1 for a whole chain, more for an export that starts later (`--after`, pruned). */
  firstSeq: number | null;
  /** The last entry: note it down; `expectHead` next time proves nothing was cut off the end since. */
  head: AuditHead | null;
  /** When expectHead was given and found before the end: the entries appended since. */
  appendedSinceExpectedHead?: number;
  /**
   * Where the export starts: `genesis` (seq 1), `checkpoint` (right after the cut a pruning checkpoint in the export
   * records, or after `anchor`), or `unanchored` (a partial export, `--after`: it verifies on its own).
   */
  start: 'genesis' | 'checkpoint' | 'unanchored' | null;
  /** The newest pruning checkpoint (`audit.pruned`) in the export: the cut it records. */
  checkpoint?: AuditCheckpoint;
  problem?: AuditProblem;
}

/** What pruning recorded (docs/audit.md, "Retention and pruning"): the last pruned entry and how many went. */
export interface AuditCheckpoint {
  throughSeq: number;
  throughHash: string;
  pruned: number;
}

const HEX64 = /^[0-9a-f]{64}$/;

interface Parsed {
  hash: string;
  seq: number;
  org: string;
  prev: string;
  rest: Record<string, unknown>;
}

function parseLine(text: string): Parsed | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not a JSON object';
  const { hash, ...rest } = value as Record<string, unknown>;
  if (rest.v !== AUDIT_FORMAT_VERSION) return `unknown format version ${JSON.stringify(rest.v)}`;
  if (typeof hash !== 'string' || !HEX64.test(hash)) return 'hash is not 64 lowercase hex digits';
  if (typeof rest.prev !== 'string' || !HEX64.test(rest.prev)) return 'prev is not 64 lowercase hex digits';
  if (!Number.isSafeInteger(rest.seq) || (rest.seq as number) < 1) return 'seq is not a positive integer';
  if (typeof rest.org !== 'string') return 'org is missing';
  return { hash, seq: rest.seq as number, org: rest.org, prev: rest.prev, rest };
}

/** The cut an `audit.pruned` entry records, if the entry is one. */
function checkpointOf(entry: Parsed): AuditCheckpoint | undefined {
  if (entry.rest.action !== 'audit.pruned') return undefined;
  const d = entry.rest.details as Record<string, unknown> | null;
  if (!d || !Number.isSafeInteger(d.throughSeq) || typeof d.throughHash !== 'string' || !Number.isSafeInteger(d.pruned)) return undefined;
  return { throughSeq: d.throughSeq as number, throughHash: d.throughHash, pruned: d.pruned as number };
}

function recomputed(entry: Parsed): string | undefined {
  try {
    return auditEntryHash(entry.rest);
  } catch (error) {
    if (isCryptoError(error)) return undefined;
    throw error;
  }
}

/** Why `entry` cannot follow `last`, or undefined if it does. */
function linkProblem(entry: Parsed, last: Parsed | undefined): Omit<AuditProblem, 'line'> | undefined {
  if (!last) {
    if (entry.seq === 1 && entry.prev !== AUDIT_GENESIS_HASH) return { kind: 'inserted', message: 'seq 1 must have prev 000…0: it is not the start of the chain' };
    return undefined;
  }
  if (entry.seq === last.seq + 1) {
    if (entry.prev === last.hash) return undefined;
    return { kind: 'inserted', message: `seq ${entry.seq}: prev does not match the hash of seq ${last.seq} on the line before: an entry was inserted or replaced here` };
  }
  if (entry.seq > last.seq + 1) {
    const missing = entry.seq - last.seq - 1;
    return { kind: 'deleted', message: `seq ${entry.seq} follows seq ${last.seq}: ${missing} entr${missing === 1 ? 'y is' : 'ies are'} missing (deleted)` };
  }
  if (entry.seq === last.seq) return { kind: 'inserted', message: `seq ${entry.seq} appears twice: one of the two lines was inserted` };
  return { kind: 'reordered', message: `seq ${entry.seq} follows seq ${last.seq}: entries were reordered` };
}

/**
 * How the export starts: at seq 1, right after the cut a pruning checkpoint in the export records (the first entry's
 * seq and prev match it), or neither. With `anchor` (a checkpoint or head noted elsewhere) the export must start at
 * or before the entry right after it, else entries are missing (`deleted`).
 */
function startOf(first: Parsed | undefined, cuts: readonly AuditCheckpoint[], anchor: AuditHead | undefined): AuditVerifyResult['start'] | Omit<AuditProblem, 'line'> {
  if (!first) return null;
  const anchors = [...cuts.map((c) => ({ seq: c.throughSeq, hash: c.throughHash })), ...(anchor ? [anchor] : [])];
  const joins = (a: AuditHead) => first.seq === a.seq + 1 && first.prev === a.hash;
  if (anchor && !joins(anchor) && !(first.seq <= anchor.seq)) {
    return { kind: 'deleted', message: `the export starts at seq ${first.seq}, not right after the anchor (seq ${anchor.seq}): entries between are missing` };
  }
  if (first.seq === 1) return 'genesis';
  // Not right after a recorded cut: a partial export (`--after`), or more was removed than pruning recorded. Only the
  // reader can tell which; the result says so, and `anchor` makes it a failure.
  return anchors.some(joins) ? 'checkpoint' : 'unanchored';
}

/**
 * Checks an export line by line: each line's hash over its content, each entry's link to the one before, and the
 * order (seq). Stops at the first bad line. Entries cut off the end leave a valid shorter chain: only a head noted
 * earlier (`expectHead`, a hash) detects that.
 */
export async function verifyAuditExport(lines: AsyncIterable<string> | Iterable<string>, options: { expectHead?: string; anchor?: AuditHead } = {}): Promise<AuditVerifyResult> {
  const result: AuditVerifyResult = { ok: true, entries: 0, org: null, firstSeq: null, head: null, start: null };
  const fail = (line: number, kind: AuditProblemKind, message: string): AuditVerifyResult => ({ ...result, ok: false, problem: { line, kind, message } });
  let last: Parsed | undefined;
  let first: Parsed | undefined;
  const cuts: AuditCheckpoint[] = [];
  let expectedAt: number | undefined;
  let lineNo = 0;
  for await (const text of lines) {
    lineNo += 1;
    const entry = parseLine(text);
    if (typeof entry === 'string') return fail(lineNo, 'malformed', `line ${lineNo}: ${entry}`);
    if (result.org !== null && entry.org !== result.org) return fail(lineNo, 'foreign', `line ${lineNo}: an entry of organisation ${JSON.stringify(entry.org)} in the chain of ${JSON.stringify(result.org)}`);
    const actual = recomputed(entry);
    if (actual === undefined) return fail(lineNo, 'malformed', `line ${lineNo} (seq ${entry.seq}): a value outside the canonical form (docs/audit.md)`);
    if (actual !== entry.hash) return fail(lineNo, 'edited', `line ${lineNo} (seq ${entry.seq}): the content does not match its hash: the entry was edited`);
    const problem = linkProblem(entry, last);
    if (problem) return fail(lineNo, problem.kind, `line ${lineNo}: ${problem.message}`);
    result.org ??= entry.org;
    result.firstSeq ??= entry.seq;
    result.entries += 1;
    result.head = { seq: entry.seq, hash: entry.hash };
    if (entry.hash === options.expectHead) expectedAt = entry.seq;
    const cut = checkpointOf(entry);
    if (cut) cuts.push(cut);
    first ??= entry;
    last = entry;
  }
  const started = startOf(first, cuts, options.anchor);
  if (started !== null && typeof started === 'object') return fail(1, started.kind, started.message);
  result.start = started;
  if (cuts.length > 0) result.checkpoint = cuts[cuts.length - 1];
  if (options.expectHead !== undefined) {
    if (expectedAt === undefined) {
      return fail(lineNo + 1, 'truncated', `the expected head ${options.expectHead} is not in the export: entries were cut off the end, or the chain was rewritten`);
    }
    result.appendedSinceExpectedHead = (result.head?.seq ?? 0) - expectedAt;
  }
  return result;
}
