// deploy/systemd/sealpost@.service checked by systemd itself: every directive known (a misspelt hardening option
// is only a warning to systemd, so it would silently not harden), and `systemd-analyze security` rates the
// exposure low. The unit cannot run here (no systemd as PID 1); its behaviour — SIGTERM, readiness via /readyz —
// is what test/server/process-signals.test.ts and test/cluster exercise. Skipped without systemd-analyze.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const analyze = '/usr/bin/systemd-analyze';
const unit = readFileSync(path.resolve(import.meta.dirname, '../../deploy/systemd/sealpost@.service'), 'utf8');
const dir = mkdtempSync(path.join(os.tmpdir(), 'sp-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The unit with its ExecStart binary pointed at one that exists here (verify checks that it is executable). */
function instance(): string {
  writeFileSync(path.join(dir, 'sealpost@.service'), unit.replaceAll('/opt/sealpost/node_modules/.bin/node', process.execPath));
  return path.join(dir, 'sealpost@8081.service');
}

describe.skipIf(!existsSync(analyze))('the systemd unit', () => {
  it('has no directive systemd does not know', async () => {
    const { stderr } = await run(analyze, ['verify', instance()]);
    expect(stderr).not.toMatch(/Unknown (key|section)|Invalid|Failed/i);
  });

  it('is hardened: exposure at most 2.0 of 10, no new privileges, read-only system, SIGTERM to stop', async () => {
    const { stdout } = await run(analyze, ['security', '--offline=true', '--no-pager', instance()]);
    const level = Number(/Overall exposure level for [^:]+: ([\d.]+)/.exec(stdout)?.[1]);
    expect(level).toBeLessThanOrEqual(2);
    for (const line of ['NoNewPrivileges=true', 'ProtectSystem=strict', 'KillSignal=SIGTERM', 'CapabilityBoundingSet=']) expect(unit).toContain(line);
  });
});
