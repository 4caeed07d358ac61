// What the README tells people to run (`npm start`, and `npx sealpost serve` for the command itself) must stop
// gracefully when a service manager sends SIGTERM to the process it started: the server logs its shutdown and no
// process is left running, orphaned. And a machine Node that is too old gets one line saying what to do.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port.ts';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '../..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

interface Started {
  launcher: ChildProcess;
  serverPid: number;
  port: number;
  output: () => string;
  /** Resolves when every process holding the output pipes has closed them: all they wrote has been read. */
  drained: Promise<void>;
}

/** Starts a command as a service manager would: in its own session, the launcher's PID the one it signals. */
async function startAsService(command: string, args: string[]): Promise<Started> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sp-signals-'));
  dirs.push(dataDir);
  const port = await freePort();
  const launcher = spawn(command, args, {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info' },
  });
  let out = '';
  launcher.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  launcher.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  // The server inherits the pipes, so they end when it is gone too, after its last line was read.
  const ended = (stream: NodeJS.ReadableStream | null) => new Promise<void>((resolve) => (stream ? stream.once('end', resolve) : resolve()));
  const drained = Promise.all([ended(launcher.stdout), ended(launcher.stderr)]).then(() => undefined);
  const deadline = Date.now() + 90_000;
  for (;;) {
    const ready = /"pid":(\d+)[^\n]*"msg":"sealpost ready"/.exec(out);
    if (ready) return { launcher, serverPid: Number(ready[1]), port, output: () => out, drained };
    if (launcher.exitCode !== null || Date.now() > deadline) throw new Error(`${command} ${args.join(' ')} did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return condition();
}

describe.each([
  ['npm start', 'npm', ['start']],
  ['npx sealpost serve', 'npx', ['--no-install', 'sealpost', 'serve']],
])('SIGTERM to `%s`', (_name, command, args) => {
  it('shuts the server down gracefully and leaves no process behind', async () => {
    const started = await startAsService(command, args);
    try {
      expect((await fetch(`http://127.0.0.1:${started.port}/readyz`)).status).toBe(200);
      started.launcher.kill('SIGTERM');
      const serverGone = await waitUntil(() => !isRunning(started.serverPid), 30_000);
      expect(serverGone, `server process ${started.serverPid} still running after SIGTERM:\n${started.output()}`).toBe(true);
      // Its last lines may still be in the pipe when the process is gone: read to the end first.
      await started.drained;
      expect(started.output()).toMatch(/"msg":"shutting down"/);
      expect(started.output()).toMatch(/"msg":"stopped"/);
      await expect(fetch(`http://127.0.0.1:${started.port}/healthz`)).rejects.toThrow();
    } finally {
      if (isRunning(started.serverPid)) process.kill(started.serverPid, 'SIGKILL');
      if (started.launcher.pid && isRunning(started.launcher.pid)) process.kill(-started.launcher.pid, 'SIGKILL');
    }
  });
});

describe('SIGTERM to the whole process group, as systemd sends it by default (KillMode=control-group)', () => {
  it('npm forwards it as well, and the doubled signal does not cut the graceful shutdown short', async () => {
    const started = await startAsService('npm', ['start']);
    try {
      process.kill(-started.launcher.pid!, 'SIGTERM');
      process.kill(started.serverPid, 'SIGTERM');
      const serverGone = await waitUntil(() => !isRunning(started.serverPid), 30_000);
      expect(serverGone).toBe(true);
      await started.drained;
      expect(started.output()).toMatch(/"msg":"shutting down"/);
      expect(started.output()).toMatch(/"msg":"stopped"/);
    } finally {
      if (isRunning(started.serverPid)) process.kill(started.serverPid, 'SIGKILL');
    }
  });
});

describe('a machine whose Node.js is too old', () => {
  it('gets one line that says what to do, and a non-zero exit', async () => {
    // The launcher's check reads process.versions; run it as an old Node would see itself.
    const script = `Object.defineProperty(process.versions, 'node', { value: '20.20.2' }); await import(${JSON.stringify(path.join(repoRoot, 'bin/sealpost.js'))});`;
    const error = (await run(process.execPath, ['--input-type=module', '-e', script]).catch((e: unknown) => e)) as { code: number; stderr: string };
    expect(error.code).toBe(1);
    expect(error.stderr.trim().split('\n')).toHaveLength(1);
    expect(error.stderr).toContain('Node.js 20.20.2 is not supported');
    expect(error.stderr).toContain('npm start');
  });
});
