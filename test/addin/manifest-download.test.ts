// Getting the manifest: `sealpost admin addin-manifest` (operator) and GET /api/org/addin-manifest (organisation
// admin, the console's download button). Both give a well-formed manifest for this installation with the same Id.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../support/run-cli.ts';
import { startConsoleWorld, type ConsoleWorld } from '../accounts/org-console-world.ts';

const dir = mkdtempSync(join(tmpdir(), 'sealpost-addin-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { DATA_DIR: join(dir, 'data'), PUBLIC_URL: 'https://mail.example.org' };
const cli = (args: string[], extra: Record<string, string> = {}) => runCliInProcess(args, { env: { ...env, ...extra }, cwd: dir });
const idOf = (xml: string) => /<Id>([0-9a-f-]{36})<\/Id>/.exec(xml)?.[1];

describe('sealpost admin addin-manifest', () => {
  it('prints the manifest for PUBLIC_URL with a stable Id; --out writes it; --name names it', async () => {
    const first = await cli(['admin', 'addin-manifest']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('<bt:Url id="Taskpane.Url" DefaultValue="https://mail.example.org/addin/taskpane.html"/>');
    expect(first.stdout).toContain('<DisplayName DefaultValue="Sealpost"/>');
    const id = idOf(first.stdout);
    expect(id).toBeDefined();

    const written = await cli(['admin', 'addin-manifest', '--out', 'manifest.xml', '--name', 'Praxis Nord']);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toBe('');
    expect(written.stderr).toContain('wrote the add-in manifest for https://mail.example.org');
    const xml = readFileSync(join(dir, 'manifest.xml'), 'utf8');
    expect(() => execFileSync('xmllint', ['--noout', join(dir, 'manifest.xml')], { stdio: 'pipe' })).not.toThrow();
    expect(idOf(xml)).toBe(id);
    expect(xml).toContain('<DisplayName DefaultValue="Praxis Nord"/>');
  });

  it('another public URL is another add-in (another Id)', async () => {
    const a = await cli(['admin', 'addin-manifest']);
    const b = await cli(['admin', 'addin-manifest'], { PUBLIC_URL: 'https://secure.example.org' });
    expect(idOf(b.stdout)).toBeDefined();
    expect(idOf(b.stdout)).not.toBe(idOf(a.stdout));
  });

  it('refuses a public URL Outlook would not load (http on a real host name)', async () => {
    const result = await cli(['admin', 'addin-manifest'], { PUBLIC_URL: 'http://mail.example.org' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('https');
    expect(result.stdout).toBe('');
  });

  it('refuses an unknown option with the usage', async () => {
    const result = await cli(['admin', 'addin-manifest', '--bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('usage: sealpost admin addin-manifest');
  });
});

describe('GET /api/org/addin-manifest', () => {
  let world: ConsoleWorld;
  beforeAll(async () => {
    world = await startConsoleWorld(undefined);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('gives the organisation admin manifest.xml named after the organisation; members and strangers get none', async () => {
    const { admin } = await world.org('Praxis Nord', 'praxis-nord.example');
    const res = await world.inject('GET', '/api/org/addin-manifest', { as: admin });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('application/xml');
    expect(res.headers['content-disposition']).toBe('attachment; filename="manifest.xml"');
    expect(res.body).toContain('<DisplayName DefaultValue="Sealpost – Praxis Nord"/>');
    expect(res.body).toContain(`DefaultValue="${world.config.http.publicUrl}/addin/taskpane.html"`);

    // One installation, one add-in: another organisation's download carries the same Id.
    const other = await world.org('Kanzlei Süd', 'kanzlei-sued.example');
    const second = await world.inject('GET', '/api/org/addin-manifest', { as: other.admin });
    expect(idOf(second.body)).toBe(idOf(res.body));

    const member = await world.member(admin, 'mitarbeiter@praxis-nord.example');
    expect((await world.inject('GET', '/api/org/addin-manifest', { as: member })).statusCode).toBe(403);
    expect((await world.inject('GET', '/api/org/addin-manifest')).statusCode).toBe(401);
  });
});
