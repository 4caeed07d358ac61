import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * Which reverse proxies may tell us the client address (X-Forwarded-For). `false`: none, the socket address is the
 * client. A number: that many proxies stand in front of us, so the client is that many entries from the right of
 * X-Forwarded-For (entries further left were written by the client and are ignored); right only if Sealpost is
 * reachable solely through those proxies, else a direct client could write the entries itself. A list (safer): only
 * proxies at these addresses or CIDR ranges are believed. This is Fastify's `trustProxy` (proxy-addr), minus its `true`, which
 * trusts the left-most entry: the one any client can write, so it would let a client choose its address for the
 * rate limits and the audit trail.
 */
export type TrustProxy = false | number | string[];

/** proxy-addr's names for whole ranges, allowed in the list alongside addresses and CIDRs. */
const rangeNames = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrCidr(entry: string): boolean {
  if (rangeNames.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}

const refusedTrue =
  '`true` is no longer accepted: it trusted the left-most X-Forwarded-For entry, which the client writes. ' +
  'Give the number of proxies in front of Sealpost (e.g. `1`) or their addresses/CIDRs (e.g. `10.0.0.5,10.1.0.0/16`)';

export const trustProxySchema = z
  .union([z.boolean(), z.number(), z.string()])
  .transform((value, ctx): TrustProxy => {
    const text = String(value).trim().toLowerCase();
    if (text === 'false' || text === 'no' || text === '0' || text === '') return false;
    if (text === 'true' || text === 'yes') {
      ctx.addIssue({ code: 'custom', message: refusedTrue });
      return z.NEVER;
    }
    if (/^\d+$/.test(text)) {
      const hops = Number(text);
      if (hops > 20) ctx.addIssue({ code: 'custom', message: 'more than 20 proxies in front of Sealpost is surely a mistake' });
      return hops;
    }
    const entries = text.split(/[\s,;]+/).filter(Boolean);
    const bad = entries.filter((entry) => !isAddressOrCidr(entry));
    if (bad.length > 0) {
      ctx.addIssue({ code: 'custom', message: `not a number of proxies, an IP address or a CIDR range: ${bad.join(', ')}` });
      return z.NEVER;
    }
    return entries;
  });
