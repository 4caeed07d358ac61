/**
 * `sealpost scan`: runs the security-notice rules locally on files and/or a body from stdin, for
 * admins testing rules and for scripts. Exit 0 without a required-level notice, 3 with one, 2 on
 * usage errors. Attachment text is extracted in a worker thread with memory and time limits.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultRuleSet, parseRuleSet, renderNoticeText, scanDraft, type Lang, type RuleSet } from '../../core/dlp/index.ts';
import { extractInWorker } from '../../core/dlp/node/extract-in-worker.ts';
import type { DraftAttachment } from '../../core/dlp/types.ts';
import { terminalJson, terminalText } from '../../core/text/terminal.ts';

interface ScanIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  cwd?: string;
}

const usage = `usage: sealpost scan [--to ADDRESSES] [--cc ADDRESSES] [--bcc ADDRESSES] [--from ADDRESS]
                    [--known ADDRESSES] [--subject TEXT] [--lang de|nl|en] [--rules FILE.json]
                    [--timeout MS] [--json] FILE... | -
  FILE   an attachment to check (PDF, DOCX, XLSX, ODT, CSV, text); "-" reads the message body from stdin
  ADDRESSES are comma-separated. Exit 0: no required notice; 3: a required notice; 2: usage error.`;

class UsageError extends Error {}

const list = (v: string | undefined): string[] => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        to: { type: 'string' }, cc: { type: 'string' }, bcc: { type: 'string' }, from: { type: 'string' },
        known: { type: 'string' }, subject: { type: 'string' }, lang: { type: 'string' }, rules: { type: 'string' },
        timeout: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

async function loadRules(file: string | undefined, cwd: string): Promise<RuleSet> {
  if (!file) return defaultRuleSet;
  let raw: string;
  try {
    raw = await readFile(path.resolve(cwd, file), 'utf8');
  } catch {
    throw new UsageError(`cannot read rules file ${file}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new UsageError(`rules file ${file} is not valid JSON: ${err instanceof Error ? err.message : ''}`);
  }
  try {
    return parseRuleSet(json);
  } catch (err) {
    const issues = (err as { issues?: Array<{ path: PropertyKey[]; message: string }> }).issues ?? [];
    const text = issues.map((i) => `  ${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('\n');
    throw new UsageError(`rules file ${file} is invalid:\n${text}`);
  }
}

function langOf(v: string | undefined): Lang {
  if (v === undefined) return 'en';
  if (v === 'de' || v === 'nl' || v === 'en') return v;
  throw new UsageError(`--lang must be de, nl or en (got "${v}")`);
}

async function loadAttachments(files: string[], cwd: string, timeoutMs: number): Promise<DraftAttachment[]> {
  const out: DraftAttachment[] = [];
  for (const file of files) {
    let data: Buffer;
    try {
      data = await readFile(path.resolve(cwd, file));
    } catch {
      throw new UsageError(`cannot read ${file}`);
    }
    const name = path.basename(file);
    out.push({ name, size: data.byteLength, extraction: await extractInWorker(data, name, { timeoutMs }) });
  }
  return out;
}

export async function runScanCommand(argv: string[], io: ScanIo): Promise<number> {
  try {
    const { values, positionals } = parse(argv);
    if (values.help) {
      io.stdout.write(`${usage}\n`);
      return 0;
    }
    if (positionals.length === 0) throw new UsageError('give at least one FILE, or - to read the message body from stdin');
    const lang = langOf(values.lang);
    const timeoutMs = values.timeout === undefined ? 10_000 : Number(values.timeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 10) throw new UsageError('--timeout must be a whole number of milliseconds ≥ 10');
    const cwd = io.cwd ?? process.cwd();
    const rules = await loadRules(values.rules, cwd);
    const body = positionals.includes('-') ? await readStream(io.stdin) : '';
    const attachments = await loadAttachments(positionals.filter((p) => p !== '-'), cwd, timeoutMs);
    const draft = { subject: values.subject ?? '', body, to: list(values.to), cc: list(values.cc), bcc: list(values.bcc), attachments };
    const known = values.known === undefined ? undefined : list(values.known);
    const result = scanDraft(draft, rules, { ...(values.from ? { senderAddress: values.from } : {}), ...(known ? { knownAddresses: known } : {}) });
    // Notices quote the scanned content (file names, masked matches): sanitised like any text we did not write.
    if (values.json) io.stdout.write(`${terminalJson(result)}\n`);
    else if (result.notices.length === 0) io.stdout.write('No notices.\n');
    else io.stdout.write(`${terminalText(result.notices.map((n) => renderNoticeText(n, lang)).join('\n\n'))}\n`);
    return result.highestLevel === 'required' ? 3 : 0;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(`sealpost scan: ${terminalText(err.message)}\n${usage}\n`);
    return 2;
  }
}
