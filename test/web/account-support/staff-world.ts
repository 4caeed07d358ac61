// Browser-test world for the staff account pages: the sender pages' world (a real server on SQLite, Chromium), an
// organisation created through `sealpost admin create-org` (the real CLI against the same data directory), and an
// authenticator computing RFC 6238 codes from the secret the page showed (otpauth, as a phone app would).
import { PassThrough } from 'node:stream';
import * as OTPAuth from 'otpauth';
import { runCli } from '../../../src/cli/main.ts';
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
