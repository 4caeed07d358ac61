// `node bench/gateway/relay-probe.ts`: the gateway's relay (src/smtp/relay.ts) alone against the harness's Postfix
// re-injection smtpd, no gateway in between: 200 mails of ~100 KB, mails/s and per-send latency, for one client
// back to back, one client with 30 ms gaps (a pooled connection that idles between mails) and 10 in parallel.
// Used to rule the relay hop in or out when the gateway is slow (docs/gateway/figures.md).
import { randomBytes } from 'node:crypto';
import { createRelay } from '../../src/smtp/relay.ts';
import { startPostfix } from '../../test/gateway/postfix-harness.ts';

const pf = await startPostfix();
const body = Buffer.from(`From: a@b.example\r\nTo: c@d.example\r\nSubject: x\r\n\r\n${randomBytes(70_000).toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n`);
for (const [maxConnections, par, gap] of [[5, 1, 0], [5, 1, 30], [5, 10, 30]] as const) {
  const relay = createRelay(pf.nextHopUrl, { maxConnections });
  const lat: number[] = [];
  const t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: par }, async () => {
    while (next < 200) {
      next++;
      const t = performance.now();
      await relay.send({ from: 'a@b.example', to: ['c@d.example'] }, body);
      lat.push(performance.now() - t);
      if (gap) await new Promise((r) => setTimeout(r, gap));
    }
  }));
  const total = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  console.log(`maxConnections ${maxConnections} par ${par} gap ${gap}: ${(200 / total).toFixed(1)}/s, p50 ${lat[100]!.toFixed(0)} ms, p90 ${lat[180]!.toFixed(0)} ms, max ${lat.at(-1)!.toFixed(0)} ms`);
  relay.close();
}
await pf.stop();
