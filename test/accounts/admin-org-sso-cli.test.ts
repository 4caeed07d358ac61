import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/adapters/db/database.ts';
import { runCliInProcess } from '../support/run-cli.ts';
import { startTestProvider, type TestProvider } from '../sso-support/oidc-test-provider.ts';

const dir = mkdtempSync(join(tmpdir(), 'sealpost-org-sso-cli-'));
const env = { DATA_DIR: join(dir, 'data'), PUBLIC_URL: 'https://mail.example.org' };
let idp: TestProvider;
beforeAll(async () => {
  idp = await startTestProvider({ redirectUri: 'https://mail.example.org/sso/callback', accounts: {} });
});
afterAll(async () => {
  await idp?.close();
  rmSync(dir, { recursive: true, force: true });
});

const cli = (args: string[]) => runCliInProcess(args, { env, cwd: dir });

describe('sealpost admin org-sso', () => {
  it('sets the provider by domain after discovery, stores the secret sealed, requires MFA unless explicitly accepted, refuses an unreachable issuer, and removes it', async () => {
    expect((await cli(['admin', 'create-org', '--name', 'Gemeente', '--domain', 'gemeente.example', '--admin', 'beheer@gemeente.example'])).code).toBe(0);
    const secretFile = join(dir, 'client-secret');
    writeFileSync(secretFile, `${idp.clientSecret}\n`);
    const base = ['admin', 'org-sso', '--org', 'gemeente.example', '--issuer', idp.issuer, '--client-id', idp.clientId, '--client-secret-file', secretFile];

    const set = await cli(base);
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(set.stdout).toContain('redirect URI to register at the provider: https://mail.example.org/sso/callback');
    expect(set.stdout).toContain('a second factor is required');
    const accepted = await cli([...base, '--accept-idp-without-mfa']);
    expect(accepted.stdout).toContain('WARNING: sign-ins are accepted without a second factor');

    const unreachable = await cli(['admin', 'org-sso', '--org', 'gemeente.example', '--issuer', 'http://127.0.0.1:9', '--client-id', 'x', '--client-secret-file', secretFile]);
    expect(unreachable.code).not.toBe(0);
    expect(unreachable.stderr).toContain('could not be used');
    expect((await cli(['admin', 'org-sso', '--org', 'nowhere.example', '--issuer', idp.issuer, '--client-id', 'x', '--client-secret-file', secretFile])).code).not.toBe(0);
    expect((await cli(['admin', 'org-sso', '--org', 'gemeente.example', '--issuer', 'http://idp.example', '--client-id', 'x', '--client-secret-file', secretFile])).stderr).toContain('https');

    const db = await createDatabase({ sqliteFile: join(dir, 'data', 'sealpost.sqlite') });
    try {
      const rows = await db.kysely.selectFrom('orgSso').selectAll().execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ issuer: idp.issuer, clientId: idp.clientId, acceptWithoutMfa: 1, enabled: 1 });
      expect(rows[0]?.clientSecretSealed).not.toContain(idp.clientSecret);
      const actions = (await db.kysely.selectFrom('auditLog').select('action').where('orgId', '=', rows[0]?.orgId ?? '').execute()).map((r) => r.action);
      expect(actions.filter((a) => a === 'sso.configured')).toHaveLength(2);
    } finally {
      await db.close();
    }
    for (const file of readdirSync(join(dir, 'data')).filter((f) => f.startsWith('sealpost.sqlite'))) {
      expect(readFileSync(join(dir, 'data', file)).includes(idp.clientSecret)).toBe(false);
    }

    const removed = await cli(['admin', 'org-sso', '--org', 'gemeente.example', '--remove']);
    expect(removed.stdout).toContain('single sign-on removed');
    expect((await cli(['admin', 'org-sso', '--org', 'gemeente.example', '--remove'])).code).not.toBe(0);
  });
});
