/**
 * The gateway's handler: decides per mail whether it is protected and delivers every recipient in the strongest
 * format available (issue 14, docs/gateway.md). Until the delivery formats are wired in, it refuses every mail with
 * 451 so that nothing that should be protected can ever leave in clear: Postfix keeps the mail and retries.
 */
import type { GatewayHandler } from './handler.ts';

export function createGatewayHandler(): GatewayHandler {
  return {
    handle() {
      return Promise.reject(new Error('the gateway is not ready yet'));
    },
  };
}
