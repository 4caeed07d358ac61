/**
 * The mail gateway inside `sealpost serve` (issue 14, docs/gateway.md): when GATEWAY_LISTEN is set, an SMTP
 * listener for Postfix's content_filter that re-injects through GATEWAY_NEXT_HOP. The handler decides what happens to
 * each mail; the runtime passes the one from `createGatewayHandler()` (src/smtp/gateway.ts) unless told otherwise.
 */
import type { Logger } from 'pino';
import type { GatewayConfig } from '../../config/config.ts';
import type { GatewayDeliveryRepository } from '../../core/ports/gateway-deliveries.ts';
import type { ServerSecrets } from '../../core/ports/server-secrets.ts';
import { gatewayFingerprinter } from '../../smtp/fingerprint.ts';
import type { GatewayHandler } from '../../smtp/handler.ts';
import { startGatewayListener, type GatewayListener } from '../../smtp/listener.ts';
import { createRelay, type Relay } from '../../smtp/relay.ts';
import { clearSpoolDir } from '../../smtp/spool.ts';

export interface RunningGateway {
  listener: GatewayListener;
  /** Stops accepting, lets mails in flight finish for up to `graceMs`, then closes the relay's connections. */
  stop(graceMs: number): Promise<void>;
}

/**
 * This process's own HTTP listener as the gateway reaches it: over loopback, because the portal sender's per-mail
 * credential is accepted only from a loopback peer (docs/gateway/portal.md). HOST must therefore include loopback
 * (127.0.0.1, ::1, 0.0.0.0 or ::).
 */
export function loopbackUrl(app: { server: { address(): unknown } }): string {
  const address = app.server.address() as { address: string; family: string; port: number } | null;
  if (!address) throw new Error('the HTTP server is not listening');
  const v6 = address.family === 'IPv6' && address.address !== '::' ;
  return v6 ? `http://[::1]:${address.port}` : `http://127.0.0.1:${address.port}`;
}

/** The next hop without credentials, for logs. */
export function describeNextHop(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}

export async function startGateway(
  config: GatewayConfig,
  deps: { handler: GatewayHandler; relay?: Relay | undefined; deliveries: GatewayDeliveryRepository; secrets: Pick<ServerSecrets, 'digest'>; logger: Logger },
): Promise<RunningGateway> {
  const logger = deps.logger.child({ component: 'gateway' });
  // Spool files of a crashed run cannot be read without their in-memory keys: Postfix still has those mails queued.
  const stale = await clearSpoolDir(config.spoolDir);
  if (stale > 0) logger.info({ removed: stale }, 'gateway: removed unreadable spool files of an earlier run');
  const relay = deps.relay ?? createRelay(config.nextHop, { maxConnections: Math.min(config.maxConnections, 20) });
  let listener: GatewayListener;
  try {
    listener = await startGatewayListener({
      host: config.listen.host,
      port: config.listen.port,
      handler: deps.handler,
      relay,
      deliveries: deps.deliveries,
      fingerprint: gatewayFingerprinter(deps.secrets),
      spoolDir: config.spoolDir,
      maxMessageBytes: config.maxMessageBytes,
      maxHeaderBytes: config.maxHeaderBytes,
      maxConnections: config.maxConnections,
      logger,
    });
  } catch (error) {
    relay.close();
    throw error;
  }
  logger.info(
    { listen: `${listener.host}:${listener.port}`, nextHop: describeNextHop(config.nextHop) },
    `gateway listening on ${listener.host}:${listener.port}, next hop ${describeNextHop(config.nextHop)}`,
  );
  return {
    listener,
    async stop(graceMs) {
      await listener.close({ graceMs });
      relay.close();
      logger.info('gateway stopped');
    },
  };
}
