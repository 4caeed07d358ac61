// Builds the crypto test page with Vite into a temp dir, serves it on 127.0.0.1 and opens it in Debian's Chromium.
// Shared by test/crypto/browser.test.ts and bench/crypto.ts.
import { createReadStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const vectorsFile = path.join(here, '../../vectors/sealpost-v1.json');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm' };

export interface CryptoPage {
  page: Page;
  close(): Promise<void>;
}

export async function openCryptoPage(): Promise<CryptoPage> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'sp-crypto-page-'));
  await build({
    root: here,
    base: '/',
    logLevel: 'silent',
    configFile: false,
    worker: { format: 'es' },
    build: { outDir, emptyOutDir: true, target: 'es2022', minify: false },
  });
  const server = await serve(outDir);
  const port = (server.address() as { port: number }).port;
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${port}/index.html`);
    await page.waitForFunction(() => document.title === 'ready' || document.title === 'failed', undefined, { timeout: 30_000 }).catch(() => {
      throw new Error(`test page did not start: ${errors.join('; ')}`);
    });
    const b = browser;
    return {
      page,
      async close() {
        await b.close();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        rmSync(outDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await browser?.close();
    server.close();
    rmSync(outDir, { recursive: true, force: true });
    throw err;
  }
}

function serve(root: string): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const file = url.pathname === '/vectors.json' ? vectorsFile : path.join(root, path.normalize(url.pathname));
    if (!file.startsWith(root) && file !== vectorsFile) return void res.writeHead(403).end();
    if (!existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
