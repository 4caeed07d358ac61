import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/adapters/db/database.ts';
import { createRepositories } from '../../src/adapters/db/repositories.ts';
import { audit } from '../../src/core/audit/audit.ts';
import { createManualClock } from '../db/manual-clock.ts';
import { repoRoot } from '../e2e/harness.ts';
import { runCliInProcess } from '../support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'sealpost-audit-cli-'));
let db: Database;

const cli = (args: string[], stdin = '') => runCliInProcess(args, { env: { DATA_DIR: join(dir, 'data') }, cwd: dir, stdin });

beforeAll(async () => {
  // The database `sealpost serve` would use with DATA_DIR.
  db = await createDatabase({ sqliteFile: join(dir, 'data', 'sealpost.sqlite') });
  await db.migrate();
  const clock = createManualClock();
  const repos = createRepositories(db, { clock });
  for (let i = 0; i < 8; i += 1) {
    clock.advance(60_000);
    await audit(repos, clock.now(), { clientAddress: '2001:db8::1' }, { action: 'transfer.sent', actor: `Zoë.${i}@example.org`, transferId: `t${i}`, details: { recipients: i, note: 'ünïcödé 😀 "q" \\' } });
  }
});
afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const file = (name: string) => join(dir, name);
const lines = () => readFileSync(file('audit.jsonl'), 'utf8').trimEnd().split('\n');

describe('sealpost audit', () => {
  let head = '';

  it('exports the chain to a new file (mode 600) and prints its head', async () => {
    const res = await cli(['audit', 'export', '--out', 'audit.jsonl']);
    expect(res.code).toBe(0);
    expect(lines()).toHaveLength(8);
    expect(statSync(file('audit.jsonl')).mode & 0o777).toBe(0o600);
    head = /head: seq 8 hash ([0-9a-f]{64})/.exec(res.stderr)?.[1] ?? '';
    expect(head).toHaveLength(64);
    // Never overwrites an earlier export.
    expect((await cli(['audit', 'export', '--out', 'audit.jsonl'])).code).not.toBe(0);
    const tail = await cli(['audit', 'export', '--after', '6']);
    expect(tail.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([7, 8]);
  });

  it('verifies an intact export: exit 0, the head printed, --json for scripts', async () => {
    const ok = await cli(['audit', 'verify', 'audit.jsonl', '--expect-head', head]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`head: seq 8 hash ${head}`);
    const json = await cli(['audit', 'verify', 'audit.jsonl', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, entries: 8, org: 'default', head: { seq: 8, hash: head } });
    expect((await cli(['audit', 'verify', '-'], readFileSync(file('audit.jsonl'), 'utf8'))).code).toBe(0);
  });

  it('exit 1 with the first bad line for an edited, deleted, reordered or truncated export', async () => {
    const original = lines();
    const cases: Array<[string, string[], string[], RegExp]> = [
      ['edited', original.map((l, i) => (i === 4 ? l.replace('Zoë.4', 'Zoe.4') : l)), [], /line 5 \(seq 5\).*edited/],
      ['deleted', original.filter((_, i) => i !== 2), [], /line 3: seq 4 follows seq 2: 1 entry is missing/],
      ['reordered', [...original.slice(0, 5), ...original.slice(6), original[5] ?? ''], [], /line 6: seq 7 follows seq 5/],
      ['truncated', original.slice(0, 7), ['--expect-head', head], /expected head .* is not in the export/],
    ];
    for (const [name, content, extra, message] of cases) {
      writeFileSync(file(`${name}.jsonl`), `${content.join('\n')}\n`);
      const res = await cli(['audit', 'verify', `${name}.jsonl`, ...extra]);
      expect(res.code, name).toBe(1);
      expect(res.stdout, name).toMatch(message);
    }
  });

  it('export fails clearly, creating nothing, without the server\'s database or before it was migrated', async () => {
    const elsewhere = (env: Record<string, string>) => runCliInProcess(['audit', 'export', '--out', 'none.jsonl'], { env, cwd: dir });
    const missing = await elsewhere({ DATA_DIR: join(dir, 'no-such-dir') });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No database at');
    expect(existsSync(join(dir, 'no-such-dir'))).toBe(false);
    const old = await createDatabase({ sqliteFile: join(dir, 'unmigrated', 'sealpost.sqlite') });
    await old.close();
    const unmigrated = await elsewhere({ DATA_DIR: join(dir, 'unmigrated') });
    expect(unmigrated.code).toBe(1);
    expect(unmigrated.stderr).toContain('no audit log this version can read');
    expect(existsSync(file('none.jsonl'))).toBe(false);
  });

  it('exit 2 for a missing file or a bad option', async () => {
    expect((await cli(['audit', 'verify', 'nope.jsonl'])).code).toBe(2);
    expect((await cli(['audit', 'verify', 'audit.jsonl', '--expect-head', 'abc'])).code).toBe(2);
    expect((await cli(['audit', 'verify'])).code).toBe(2);
    expect((await cli(['audit', 'export', '--after', '-1'])).code).toBe(2);
    expect((await cli(['audit', 'shred'])).code).toBe(2);
  });
});

/** The code block of docs/audit.md that follows the marker comment naming `script`. */
function docsScript(script: string): string {
  const docs = readFileSync(join(repoRoot, 'docs/audit.md'), 'utf8');
  const match = new RegExp(`<!-- ${script.replace('.', '\\.')}:[^>]*-->\\n\`\`\`\\w+\\n([\\s\\S]*?)\`\`\``).exec(docs);
  if (!match?.[1]) throw new Error(`no ${script} block in docs/audit.md`);
  return match[1];
}

const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

describe('checking an export without Sealpost (the scripts in docs/audit.md)', () => {
  const tamper = () => {
    const edited = lines().map((l, i) => (i === 3 ? l.replace('"recipients":3', '"recipients":4') : l));
    writeFileSync(file('tampered.jsonl'), `${edited.join('\n')}\n`);
    writeFileSync(file('gap.jsonl'), `${lines().filter((_, i) => i !== 5).join('\n')}\n`);
  };

  it.skipIf(!has('python3'))('python3 (standard library)', () => {
    writeFileSync(file('verify-audit.py'), docsScript('verify-audit.py'));
    tamper();
    const run = (...args: string[]) => spawnSync('python3', [file('verify-audit.py'), ...args], { encoding: 'utf8' });
    const ok = run(file('audit.jsonl'));
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^OK: head seq 8 hash [0-9a-f]{64}$/m);
    expect(ok.stdout).toContain((JSON.parse(lines().at(-1) ?? '') as { hash: string }).hash);
    expect(run(file('tampered.jsonl')).stderr).toContain('line 4: edited');
    expect(run(file('gap.jsonl')).stderr).toContain('line 6: does not follow seq 5');
    const cut = run(file('gap.jsonl'), (JSON.parse(lines().at(-1) ?? '') as { hash: string }).hash);
    expect(cut.status).not.toBe(0);
    writeFileSync(file('short.jsonl'), `${lines().slice(0, 6).join('\n')}\n`);
    expect(run(file('short.jsonl'), (JSON.parse(lines().at(-1) ?? '') as { hash: string }).hash).stderr).toContain('cut off the end');
  });

  it.skipIf(!has('jq') && !process.env.CI)('jq + sha256sum', () => {
    writeFileSync(file('verify-audit.sh'), docsScript('verify-audit.sh'));
    tamper();
    const run = (f: string) => spawnSync('sh', [file('verify-audit.sh'), f], { encoding: 'utf8' });
    const ok = run(file('audit.jsonl'));
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout.trim()).toBe(`OK: head seq 8 hash ${(JSON.parse(lines().at(-1) ?? '') as { hash: string }).hash}`);
    const edited = run(file('tampered.jsonl'));
    expect(edited.status).toBe(1);
    expect(edited.stdout).toContain('line 4: edited');
    const gap = run(file('gap.jsonl'));
    expect(gap.status).toBe(1);
    expect(gap.stdout).toContain('line 6: does not follow seq 5');
  });
});
