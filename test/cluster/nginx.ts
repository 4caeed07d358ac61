// Debian's nginx run as the test user: its own prefix directory, the committed template (deploy/nginx/sealpost.conf)
// rendered with the test's ports, a free port, no daemon. Used by the cluster test and `npm run bench -- cluster`.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/free-port.ts';

export const NGINX = '/usr/sbin/nginx';
const template = fileURLToPath(new URL('../../deploy/nginx/sealpost.conf', import.meta.url));

/** The committed template with its placeholders filled in, as docs/deployment.md tells operators to do. */
export function renderNginxSite(options: { upstreamPorts: number[]; listen: string; serverName: string }): string {
  const servers = options.upstreamPorts.map((p) => `server 127.0.0.1:${p} max_fails=3 fail_timeout=10s;`).join('\n    ');
  const text = readFileSync(template, 'utf8')
    .replace('{{UPSTREAM_SERVERS}}', servers)
    .replace('{{LISTEN}}', options.listen)
    .replace('{{SERVER_NAME}}', options.serverName);
  if (text.includes('{{')) throw new Error('deploy/nginx/sealpost.conf has a placeholder the renderer does not know');
  return text;
}

export interface RunningNginx {
  url: string;
  port: number;
  errorLog: () => string;
  stop(): Promise<void>;
}

/** The nginx.conf around the site: everything nginx writes stays under `prefix`. */
function mainConfig(prefix: string): string {
  // As root, nginx would hand its workers to `nobody`, who cannot read the test's private prefix directory.
  const user = process.getuid?.() === 0 ? 'user root root;\n' : '';
  return `${user}daemon off;
worker_processes 2;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 2048; }
http {
  access_log ${prefix}/access.log;
  client_body_temp_path ${prefix}/client_body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  include ${prefix}/sealpost.conf;
}
`;
}

export async function startNginx(options: { prefix: string; upstreamPorts: number[] }): Promise<RunningNginx> {
  const { prefix } = options;
  mkdirSync(prefix, { recursive: true });
  const port = await freePort();
  writeFileSync(path.join(prefix, 'sealpost.conf'), renderNginxSite({ upstreamPorts: options.upstreamPorts, listen: `listen 127.0.0.1:${port};`, serverName: '127.0.0.1' }));
  writeFileSync(path.join(prefix, 'nginx.conf'), mainConfig(prefix));
  const child: ChildProcess = spawn(NGINX, ['-p', prefix, '-c', path.join(prefix, 'nginx.conf'), '-e', path.join(prefix, 'error.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  const errorLog = () => output + (existsSync(path.join(prefix, 'error.log')) ? readFileSync(path.join(prefix, 'error.log'), 'utf8') : '');
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}):\n${errorLog()}`);
    // Any answer will do: the Sealpost processes may not be up yet (nginx then answers 502 itself).
    const up = await fetch(`${url}/healthz`).then(() => true, () => false);
    if (up) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not answer on ${url}:\n${errorLog()}`);
    }
    await sleep(100);
  }
  return {
    url,
    port,
    errorLog,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGQUIT');
      await Promise.race([exited, sleep(10_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
