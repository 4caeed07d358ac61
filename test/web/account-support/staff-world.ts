// Browser-test world for the staff account pages: the sender pages' world (a real server on SQLite, Chromium), an
// organisation created through `sealpost admin create-org` (the real CLI against the same data directory), and an
// authenticator computing RFC 6238 codes from the secret the page showed (otpauth, as a phone app would).
import { PassThrough } from 'node:stream';
import * as OTPAuth from 'otpauth';
import { expect } from 'vitest';
import { runCli } from '../../../src/cli/main.ts';
import { ARGON2_MIN, generatePersonalKey, toBase64Url } from '../../../src/crypto/index.ts';
import { totpCode } from '../../../src/crypto/totp.ts';
import type { WebWorld } from '../sender-support/harness.ts';

export async function createOrgWithCli(world: WebWorld, options: { name: string; domain: string; admin: string }): Promise<string> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough().on('data', (c: Buffer) => out.push(c));
  const stderr = new PassThrough().on('data', (c: Buffer) => err.push(c));
  const env = { DATA_DIR: world.dataDir, PUBLIC_URL: world.url, LOG_LEVEL: 'silent' };
  const code = await runCli(['admin', 'create-org', '--name', options.name, '--domain', options.domain, '--admin', options.admin], { stdin: new PassThrough(), stdout, stderr, env, cwd: world.dataDir });
  const text = Buffer.concat(out).toString('utf8');
  if (code !== 0) throw new Error(`create-org failed (${code}): ${Buffer.concat(err).toString('utf8')}`);
  const link = new RegExp(`${world.url.replace(/[.]/g, '\\.')}/#/invitation/[A-Za-z0-9_-]{43}`).exec(text);
  if (!link) throw new Error(`no invitation link in: ${text}`);
  return link[0];
}

const PERIOD_MS = 30_000;

/**
 * An authenticator app: codes from the enrolled secret. The server accepts each time step once (replay guard) and
 * one step either side of its clock, so every code is for a step after the last one used — the next one when that is
 * at most one step ahead, else after waiting for the clock to get there.
 */
export class Authenticator {
  private readonly totp: OTPAuth.TOTP;
  private lastStep: number;

  /** `afterStep`: the server's replay guard is per user, so a new app's first code must follow the old app's last. */
  constructor(secret: string, afterStep = -1) {
    this.lastStep = afterStep;
    this.totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret.replace(/\s+/g, '')), digits: 6, period: 30, algorithm: 'SHA1' });
  }

  get lastUsedStep(): number {
    return this.lastStep;
  }

  async nextCode(): Promise<string> {
    for (;;) {
      const current = Math.floor(Date.now() / PERIOD_MS);
      const step = Math.max(this.lastStep + 1, current);
      // Within the server's window: at most one step ahead of its clock (and the next step only widens that).
      if (step <= current + 1) {
        this.lastStep = step;
        return this.totp.generate({ timestamp: step * PERIOD_MS + 1_000 });
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/**
 * Enrolment over HTTP, as the invitation page does it: password, TOTP confirmed with the current code, and a personal
 * key wrapped under the password (Argon2id at its minimum: the tests are not about its cost). Returns the enrolling
 * session's headers and the TOTP secret.
 */
export async function enrolOverHttp(url: string, invitationUrl: string, password: string): Promise<{ secret: string; session: Record<string, string> }> {
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) => fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const accepted = await post('/api/invitations/accept', { token: invitationUrl.slice(invitationUrl.lastIndexOf('/') + 1), password });
  expect(accepted.status).toBe(201);
  const session = { cookie: (accepted.headers.get('set-cookie') ?? '').split(';')[0] ?? '', 'x-sealpost-csrf': ((await accepted.json()) as { csrfToken: string }).csrfToken };
  const { secret } = (await (await post('/api/account/totp/setup', {}, session)).json()) as { secret: string };
  expect((await post('/api/account/totp/confirm', { code: totpCode(secret, new Date()) }, session)).status).toBe(200);
  const key = await generatePersonalKey({ password, params: ARGON2_MIN });
  const put = await fetch(`${url}/api/account/personal-key`, {
    method: 'PUT', headers: { 'content-type': 'application/json', ...session },
    body: JSON.stringify({ publicKey: key.recipient, wrappedByPassword: toBase64Url(key.wrappedIdentity), wrappedByRecovery: [] }),
  });
  expect(put.status).toBe(204);
  return { secret, session };
}
