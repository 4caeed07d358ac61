// A download of a file limited to one copy breaks off mid-way: the CLI resumes it with a Range request, gets a
// byte-identical file, and that was the recipient's one download. Real server, real SMTP, the CLI's own code.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../src/client/api-client.ts';
import { openRecipientLink } from '../../src/cli/client/recipient-session.ts';
import { downloadAll } from '../../src/cli/commands/get.ts';
import { cli, linkIn, silentIo, startWorld, tempDir } from './harness.ts';
import { address, newSender, type World } from './scenarios.ts';

let world: World & { close(): Promise<void> };
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.close();
});

/** The first response delivers `cutAfter` bytes, then the connection "breaks"; later requests pass through. */
function breakFirstDownload(api: ApiClient, cutAfter: number, ranges: Array<string | undefined>): ApiClient {
  return {
    ...api,
    async stream(p, o) {
      ranges.push(o.range);
      const response = await api.stream(p, o);
      if (ranges.length > 1) return response;
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const next = await reader.read();
          if (next.done) return controller.close();
          if (sent + next.value.length > cutAfter) {
            controller.enqueue(next.value.subarray(0, cutAfter - sent));
            await reader.cancel();
            return controller.error(new TypeError('terminated'));
          }
          sent += next.value.length;
          controller.enqueue(next.value);
        },
      });
      return new Response(body, { status: response.status, headers: response.headers });
    },
  };
}

describe('download resume', () => {
  it('a broken download of a max-1 file resumes with Range, arrives byte-identical, and was the one download', async () => {
    const sender = await newSender(world);
    const bob = address('bob');
    const dir = tempDir('sp-f-');
    const file = path.join(dir, 'scan.bin');
    const content = randomBytes(3 * 1024 * 1024 + 17);
    writeFileSync(file, content);
    const before = world.mail.mails.length;
    const sent = await cli(['send', '--to', bob, '--verify', 'none', '--max-downloads', '1', '--subject', 'S', '--message', 'T', '--json', file], { configDir: sender.configDir });
    expect(sent.code, sent.stderr).toBe(0);
    const link = linkIn(await world.mail.next(bob, (m) => /\/r\//.test(m.text), before));

    const io = silentIo();
    const opened = await openRecipientLink(io, { link });
    const ranges: Array<string | undefined> = [];
    const out = tempDir('sp-out-');
    const [saved] = await downloadAll(io, { ...opened, api: breakFirstDownload(opened.api, 1024 * 1024, ranges) }, out);
    expect(readFileSync(saved ?? '').equals(content)).toBe(true);
    // From where it broke off (asked again if the server had not yet noticed the broken connection: 409).
    expect(ranges[0]).toBeUndefined();
    expect(new Set(ranges.slice(1))).toEqual(new Set(['bytes=1048576-']));

    // That was the recipient's one download: another is refused.
    const again = await cli(['get', link, '--out', tempDir('sp-out-')], { configDir: tempDir('sp-r-') });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('This file has reached its download limit');
  });
});
