// A large file downloaded in Chromium: decrypted in the page and streamed to disk through the service worker. The
// page's JS heap is sampled over the devtools protocol during the download and must stay far below the file size
// (bounded memory is the behaviour users rely on for multi-GiB files). Used at 1 GiB by the soak project and at
// 256 MiB by the default run.
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { tempDir } from '../../e2e/harness.ts';
import { ensureWebBuild, launchChromium, loginSender, newPage, sendMessage, sha256File, startServer, type TestServer } from './harness.ts';

const MiB = 1024 * 1024;

/** Registers the download test for a file of `SIZE` bytes whose page heap may grow by at most `heapBoundBytes`. */
export function largeDownloadTest(SIZE: number, heapBoundBytes: number): void {
  let server: TestServer;
  let browser: Browser;
  const dir = tempDir('sp-web-large-');
  const file = path.join(dir, 'big.bin');
  let expectedHash = '';

  /** Writes `SIZE` bytes (random 1 MiB blocks, each varied) and returns their SHA-256. */
  async function writeBigFile(): Promise<string> {
    const hash = createHash('sha256');
    const out = createWriteStream(file);
    const block = randomBytes(MiB);
    for (let i = 0; i < SIZE / MiB; i++) {
      block.writeUInt32BE(i, 0);
      hash.update(block);
      if (!out.write(block)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    return hash.digest('hex');
  }

  beforeAll(async () => {
    ensureWebBuild();
    expectedHash = await writeBigFile();
    server = await startServer({ MAX_FILE_BYTES: String(4 * SIZE) });
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test(`${SIZE / MiB} MiB download: byte-identical on disk, page heap bounded`, async () => {
    const sender = await loginSender(server, `alice-big-x${randomBytes(3).toString('hex')}@example.org`);
    const msg = await sendMessage(sender, { to: 'bob-big@example.net', verify: 'none', subject: 'Big', message: 'One gibibyte.', files: [file] });
    const { context, page } = await newPage(browser);
    await page.goto(msg.link);
    await page.getByRole('button', { name: 'Open message' }).click();
    await page.getByRole('heading', { name: 'Big' }).waitFor();

    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = async () => (await cdp.send('Runtime.getHeapUsage')).usedSize;
    const baseline = await heap();
    let peak = baseline;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await heap().catch(() => 0));
        await new Promise((r) => setTimeout(r, 200));
      }
    })();

    const started = performance.now();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download big.bin' }).click()]);
    const saved = await download.path();
    const seconds = (performance.now() - started) / 1000;
    sampling = false;
    await sampler;
    await page.getByTestId('download-done').waitFor();

    expect(download.suggestedFilename()).toBe('big.bin');
    expect(await sha256File(saved)).toBe(expectedHash);
    const mib = (n: number) => (n / MiB).toFixed(1);
    console.log(`${SIZE / MiB} MiB browser download: ${seconds.toFixed(1)} s, ${(SIZE / MiB / seconds).toFixed(1)} MiB/s; page JS heap baseline ${mib(baseline)} MiB, peak ${mib(peak)} MiB (+${mib(peak - baseline)} MiB)`);
    // Bounded: the page may hold a few decrypted chunks and stream buffers, never the file.
    expect(peak - baseline).toBeLessThan(heapBoundBytes);
    await context.close();
  }, 900_000);
}
