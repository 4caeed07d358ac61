// The container image for real: built from the Dockerfile, run with a read-only root filesystem and one volume, as
// a non-root user; HEALTHCHECK turns healthy, nothing is written outside the volume, SIGTERM (docker stop) stops it
// gracefully. Needs a running Docker daemon and the base image locally (TEST_DOCKER_BASE, default
// debian:bookworm-slim; without a registry: debootstrap + docker import, docs/deployment.md) and, behind a
// TLS-inspecting proxy, its CA in TEST_DOCKER_EXTRA_CA. Skipped without a daemon or base image, reason printed.
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '../..');
const base = process.env.TEST_DOCKER_BASE ?? 'debian:bookworm-slim';
/** A PEM file with the CA of a TLS-inspecting proxy between the build and the npm registry, if there is one. */
const extraCa = process.env.TEST_DOCKER_EXTRA_CA;

function unavailable(): string | undefined {
  const quiet = { stdio: 'ignore' as const, timeout: 20_000 };
  try {
    execFileSync('docker', ['info'], quiet);
  } catch {
    return 'no Docker daemon answers (`docker info` failed)';
  }
  try {
    execFileSync('docker', ['image', 'inspect', base], quiet);
  } catch {
    return `base image ${base} is not available locally (set TEST_DOCKER_BASE; docs/deployment.md shows debootstrap + docker import)`;
  }
  return undefined;
}

const reason = unavailable();
if (reason) console.warn(`container image test skipped: ${reason}`);

const docker = async (...args: string[]) => (await run('docker', args, { maxBuffer: 64 * 1024 * 1024, timeout: 900_000 })).stdout.trim();
/** What the container wrote to stdout and stderr. */
const logs = async (container: string) => {
  const { stdout, stderr } = await run('docker', ['logs', container], { maxBuffer: 64 * 1024 * 1024 });
  return stdout + stderr;
};

describe.skipIf(reason !== undefined)('the container image', () => {
  const tag = `sealpost:test-${randomBytes(3).toString('hex')}`;
  const volume = `sealpost-test-${randomBytes(3).toString('hex')}`;
  let container = '';
  afterAll(async () => {
    if (container) await docker('rm', '-f', container).catch(() => '');
    await docker('volume', 'rm', '-f', volume).catch(() => '');
    await docker('image', 'rm', '-f', tag).catch(() => '');
  });

  it('builds, runs read-only as a non-root user with data only in its volume, turns healthy and stops on SIGTERM', async () => {
    const caArg = extraCa ? ['--build-arg', `EXTRA_CA_CERT=${readFileSync(extraCa, 'utf8').trim()}`] : [];
    await docker('build', '--network', 'host', '--build-arg', `BASE=${base}`, ...caArg, '-t', tag, repoRoot);
    container = await docker(
      'run', '-d', '--read-only', '--tmpfs', '/tmp', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges:true',
      '-v', `${volume}:/data`, '-p', '127.0.0.1::8080',
      // Embedded mode with a relay (nothing listens there: mail would wait in the outbox), so the dev mailbox is off.
      '-e', 'SMTP_URL=smtp://127.0.0.1:2525', '-e', 'MAIL_FROM=Sealpost <sealpost@example.org>',
      '-e', 'SMS_PROVIDER=webhook', '-e', 'SMS_WEBHOOK_URL=http://127.0.0.1:2526/sms',
      tag,
    );
    let health = '';
    const deadline = Date.now() + 180_000;
    while (health !== 'healthy' && Date.now() < deadline) {
      await sleep(1000);
      health = await docker('inspect', '-f', '{{.State.Health.Status}}', container);
      if (health === 'unhealthy') break;
    }
    expect(health, await logs(container)).toBe('healthy');

    const port = (await docker('port', container, '8080/tcp')).split('\n')[0]?.split(':').pop();
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    expect(await docker('exec', container, 'id', '-u')).toBe('10001');
    // Nothing changed in the container's own filesystem: the SQLite database, keys and blobs are in the volume.
    expect(await docker('diff', container)).toBe('');
    expect(await docker('exec', container, 'sh', '-c', 'ls /data')).toMatch(/sealpost\.sqlite/);

    await docker('stop', '-t', '30', container);
    expect(await docker('inspect', '-f', '{{.State.ExitCode}}', container)).toBe('0');
    expect(await logs(container)).toMatch(/"msg":"stopped"/);
  }, 900_000);
});
