import { flushCompileCache } from 'node:module';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config/load-config.ts';
import type { CliIo, CommandSpec } from '../cli-io.ts';
import { version } from '../version.ts';
import { createLogger } from '../serve/logger.ts';
import { createRuntime } from '../serve/runtime.ts';
import { launchedByNpm, waitForStopSignal } from '../serve/stop-signal.ts';
import { parseStorageUrl } from '../../adapters/blob/s3-config.ts';
import { describeNextHop } from '../serve/gateway.ts';

const help = `Usage: sealpost serve [--port N] [--host ADDRESS]

Starts the Sealpost server. Every setting comes from the environment or the JSON file named by
SEALPOST_CONFIG (see the configuration table in the README); --port and --host override PORT and HOST.
Stops gracefully on SIGINT or SIGTERM.
`;

/** Runs until a termination signal arrives, then shuts down gracefully and resolves with the exit code. */
async function serve(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    io.stdout.write(help);
    return 0;
  }
  const env = { ...io.env, ...(values.port ? { PORT: values.port } : {}), ...(values.host ? { HOST: values.host } : {}) };
  const config = loadConfig({ env, cwd: io.cwd });
  const logger = createLogger({ level: config.logLevel });
  // Listen for the stop signal before anything can announce readiness: a service manager may stop the server the
  // moment it reads "ready", and a SIGTERM with no handler yet ends the process at once, without a graceful stop.
  const stopSignal = waitForStopSignal({ watchParent: launchedByNpm(io.env) });
  const runtime = await createRuntime(config, { logger, version });
  const { url } = await runtime.start();
  const readyMs = Math.round(performance.now());
  logger.info({ url, mode: config.mode, dataDir: config.dataDir, readyMs }, 'sealpost ready');
  io.stderr.write(describeStartup(url, config, readyMs));
  // Write the compile cache (bin/sealpost.js) now, while nothing waits: left to process exit, a cold cache took
  // 0.7 s after "stopped", and a service manager watching for the exit sees a server that will not go.
  flushCompileCache();

  const signal = await stopSignal;
  logger.info({ signal }, 'shutting down');
  const timeout = setTimeout(() => {
    logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'graceful shutdown timed out');
    process.exit(1);
  }, config.shutdownTimeoutMs);
  timeout.unref();
  await runtime.stop({ drainMs: config.shutdownDrainMs });
  clearTimeout(timeout);
  logger.info('stopped');
  return 0;
}

/** Where files rest: the bucket and endpoint of STORAGE_URL (never its credentials), or the local folder. */
function describeBlobStore(config: ReturnType<typeof loadConfig>): string {
  if (!config.objectStore) return `local disk at ${config.blobs.root}`;
  const location = parseStorageUrl(config.objectStore.url);
  const endpoint = typeof location.client.endpoint === 'string' ? ` at ${location.client.endpoint}` : '';
  return `object store, bucket ${location.bucket}${location.prefix ? `/${location.prefix}` : ''}${endpoint} (STORAGE_URL)`;
}

function describeStartup(url: string, config: ReturnType<typeof loadConfig>, readyMs: number): string {
  const lines = [
    `Sealpost ${version} listening on ${url} (public URL ${config.http.publicUrl}), ready in ${readyMs} ms`,
    `  mode:     ${config.mode}`,
    `  database: ${config.database.url ? 'PostgreSQL (DATABASE_URL)' : `SQLite at ${config.database.sqliteFile}`}`,
    `  blobs:    ${describeBlobStore(config)}`,
    `  mail:     ${config.mail.smtpUrl ? 'SMTP relay (SMTP_URL)' : 'dev mailbox'}`,
    `  sms:      ${config.sms.provider === 'dev' ? 'dev mailbox' : config.sms.provider}`,
  ];
  if (config.gateway) lines.push(`  gateway:  SMTP on ${config.gateway.listen.host}:${config.gateway.listen.port}, next hop ${describeNextHop(config.gateway.nextHop)}`);
  if (config.devMailbox) lines.push(`  dev mailbox: ${config.http.publicUrl}/dev/mailbox`);
  return `${lines.join('\n')}\n`;
}

export const serveCommand: CommandSpec = { summary: 'Run the server (what `npm start` runs)', run: serve };
