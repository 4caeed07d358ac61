import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runScanCommand } from './scan.ts';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/dlp/files');

async function run(argv: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await runScanCommand(argv, { stdin: Readable.from([stdin]), stdout, stderr });
  return { code, out, err };
}

describe('sealpost scan', () => {
  it('exits 0 and says so when nothing is found', async () => {
    const r = await run(['-'], 'Hallo, bis morgen!');
    expect(r).toMatchObject({ code: 0, out: 'No notices.\n', err: '' });
  });

  it('exits 3 with a required notice and prints it in the chosen language', async () => {
    const r = await run(['--lang', 'de', '--subject', 'Arztbrief', path.join(fixtures, 'arztbrief.docx')]);
    expect(r.code).toBe(3);
    expect(r.out).toContain('Nur geschützt senden (Pflicht): Medizinische Angaben zu einer identifizierbaren Person');
    expect(r.out).toContain('Anhang "arztbrief.docx", Zeile 2');
  });

  it('prints JSON with --json and checks recipients from --to/--from/--known', async () => {
    const r = await run(['--json', '--to', 'a@gmial.com,b@partner.nl', '--from', 'me@klinik.de', '--known', 'b@partner.nl', '-'], 'IBAN DE89 3704 0044 0532 0130 00');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out) as { notices: Array<{ id: string; level: string }>; highestLevel: string };
    expect(result.notices.map((n) => n.id).sort()).toEqual(['externalRecipient', 'iban', 'lookalikeDomain', 'newRecipient']);
    expect(result.highestLevel).toBe('warning');
    expect(r.out).not.toContain('DE89370400440532013000');
  });

  it('applies a rules file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sp-scan-'));
    const file = path.join(dir, 'rules.json');
    writeFileSync(file, JSON.stringify({ version: 1, detectors: { iban: { enabled: true, level: 'required', minCount: 1 } } }));
    expect((await run(['--rules', file, '-'], 'IBAN DE89 3704 0044 0532 0130 00')).code).toBe(3);
  });

  it('exits 2 with a clear message on usage errors', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sp-scan-'));
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ version: 1, custom: [{ kind: 'pattern', id: 'p', label: 'P', pattern: '(a)\\1', level: 'warning' }] }));
    const notJson = path.join(dir, 'x.json');
    writeFileSync(notJson, '{');
    const cases: Array<[string[], RegExp]> = [
      [[], /at least one FILE/],
      [['--lang', 'fr', '-'], /--lang must be de, nl or en/],
      [['--bogus', '-'], /Unknown option/],
      [['--timeout', 'soon', '-'], /--timeout/],
      [[path.join(dir, 'missing.pdf')], /cannot read .*missing\.pdf/],
      [['--rules', path.join(dir, 'nope.json'), '-'], /cannot read rules file/],
      [['--rules', notJson, '-'], /not valid JSON/],
      [['--rules', bad, '-'], /custom\.0\.pattern: pattern is not supported by the linear-time engine/],
    ];
    for (const [argv, message] of cases) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err).toContain('usage: sealpost scan');
    }
  });

  it('prints help and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('usage: sealpost scan');
  });
});
