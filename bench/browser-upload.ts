// `npm run bench -- browser-upload [MiB]`: a browser *upload* of a large file (default 1 GiB) through the real web
// app against an in-process server: the recipient's reply form encrypts the file in Chromium (the page's chunk
// cipher, src/crypto/browser/page-cipher.ts) and uploads it over tus. Prints MB/s and the page's JS heap growth
// (sampled over the devtools protocol) and renderer RSS, which must stay far below the file size. A measurement,
// not a test.
import { randomBytes } from 'node:crypto';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { tempDir } from '../test/e2e/harness.ts';
import { ensureWebBuild, launchChromium, loginSender, newPage, sendMessage, startServer } from '../test/web/recipient-support/harness.ts';

const MiB = 1024 * 1024;
const size = Number(process.argv[2] ?? 1024) * MiB;
const dir = tempDir('sp-bench-upload-');
const file = path.join(dir, 'big.bin');

async function writeFile(): Promise<void> {
  const out = createWriteStream(file);
  const block = randomBytes(MiB);
  for (let i = 0; i < size / MiB; i++) {
    block.writeUInt32BE(i, 0);
    if (!out.write(block)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/**
 * Resident memory (bytes) of this process's Chromium renderers: the JS heap alone misses ArrayBuffers, which hold the
 * file's bytes while they are encrypted and sent. Walks /proc for descendants of this Node process.
 */
function rendererRss(): number {
  const parent = new Map<number, number>();
  const renderers: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes('--type=renderer')) renderers.push(Number(name));
    } catch {
      // the process ended while we looked
    }
  }
  const ours = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 20; p = parent.get(p) ?? 0, hops++) if (p === process.pid) return true;
    return false;
  };
  let total = 0;
  for (const pid of renderers.filter(ours)) {
    try {
      total += Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    } catch {
      // ended
    }
  }
  return total;
}

ensureWebBuild();
await writeFile();
const server = await startServer({ MAX_FILE_BYTES: String(4 * size), REPLY_QUOTA_BYTES: String(4 * size) });
const browser = await launchChromium();
try {
  const sender = await loginSender(server, `bench-up-${randomBytes(3).toString('hex')}@example.org`);
  const note = path.join(dir, 'note.txt');
  await (await import('node:fs/promises')).writeFile(note, 'hello');
  const msg = await sendMessage(sender, { to: 'bob-up@example.net', verify: 'none', subject: 'Upload bench', message: 'Reply with a big file.', files: [note] });
  const { context, page } = await newPage(browser);
  await page.goto(msg.link);
  await page.getByRole('button', { name: 'Open message' }).click();
  await page.getByRole('heading', { name: 'Upload bench' }).waitFor();
  await page.getByLabel('Your reply').fill('Here it is.');
  await page.getByLabel('Attach files').setInputFiles(file);

  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = async () => (await cdp.send('Runtime.getHeapUsage')).usedSize;
  const baseline = await heap();
  let peak = baseline;
  const rssBaseline = rendererRss();
  let rssPeak = rssBaseline;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, await heap().catch(() => 0));
      rssPeak = Math.max(rssPeak, rendererRss());
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  const started = performance.now();
  await page.getByRole('button', { name: 'Send reply' }).click();
  await page.getByTestId('reply-sent').waitFor({ timeout: 30 * 60_000 });
  const seconds = (performance.now() - started) / 1000;
  sampling = false;
  await sampler;
  const mib = (n: number) => (n / MiB).toFixed(1);
  console.log(
    `${size / MiB} MiB browser upload (reply: encrypt in Chromium + tus): ${seconds.toFixed(1)} s, ${(size / 1e6 / seconds).toFixed(0)} MB/s; ` +
      `page JS heap baseline ${mib(baseline)} MiB, peak ${mib(peak)} MiB (+${mib(peak - baseline)} MiB); ` +
      `renderer RSS baseline ${mib(rssBaseline)} MiB, peak ${mib(rssPeak)} MiB (+${mib(rssPeak - rssBaseline)} MiB)`,
  );
  await context.close();
} finally {
  await browser.close();
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}
