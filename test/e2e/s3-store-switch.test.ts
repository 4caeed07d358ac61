// A server whose STORAGE_URL is S3 (a real Ceph RGW): new files go to the bucket under keys carrying their expiry
// day, the expiry lifecycle rules are in place, and after `migrate-blobs` moves them to another store (while the
// server runs) the recipient still downloads byte-identical files and the sweep deletes them there.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { DeleteBucketLifecycleCommand, GetBucketLifecycleConfigurationCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { storeLocator } from '../../src/adapters/blob/store-locator.ts';
import { runCli } from '../../src/cli/main.ts';
import { expiryDay } from '../../src/core/transfers/blob-keys.ts';
import { sweepTransfers } from '../../src/core/transfers/lifecycle.ts';
import { createTestBucket, startCephRgw } from '../support/ceph-rgw.ts';
import { cli, linkIn, startMailCatcher, startSealpost, startSmsCatcher, tempDir } from './harness.ts';
import { address, expectSameFiles, newSender, sampleFiles, type World } from './scenarios.ts';

let world: World & { close(): Promise<void> };
let storageUrl = '';
let client: S3Client;
let bucket = '';

beforeAll(async () => {
  const rgw = await startCephRgw();
  bucket = await createTestBucket(rgw, 'e2e');
  storageUrl = rgw.storageUrl(bucket);
  client = new S3Client(rgw.clientConfig);
  const mail = await startMailCatcher();
  const sms = await startSmsCatcher();
  const server = await startSealpost({ smtpUrl: mail.url, smsUrl: sms.url, env: { STORAGE_URL: storageUrl } });
  world = {
    server,
    mail,
    sms,
    async close() {
      await server.stop();
      await mail.close();
      await sms.close();
    },
  };
}, 180_000);
afterAll(async () => {
  await world?.close();
  // Leave the shared cluster's lifecycle list short for the next runs.
  await client?.send(new DeleteBucketLifecycleCommand({ Bucket: bucket })).catch(() => undefined);
  client?.destroy();
});

async function admin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [out, err] = [new PassThrough(), new PassThrough()];
  const chunks: Buffer[][] = [[], []];
  out.on('data', (c: Buffer) => chunks[0]!.push(c));
  err.on('data', (c: Buffer) => chunks[1]!.push(c));
  const stdin = new PassThrough();
  stdin.end();
  const env = { DATA_DIR: world.server.dataDir, LOG_LEVEL: 'silent', STORAGE_URL: storageUrl };
  const code = await runCli(['admin', ...args], { stdin, stdout: out, stderr: err, env, cwd: world.server.dataDir });
  return { code, stdout: Buffer.concat(chunks[0]!).toString('utf8'), stderr: Buffer.concat(chunks[1]!).toString('utf8') };
}

it('S3 store: expiry keys and rules; migrate to local disk while serving; download and sweep there', async () => {
  const sender = await newSender(world);
  const bob = address('bob');
  const files = sampleFiles(tempDir('sp-f-'));
  const before = world.mail.mails.length;
  const sent = await cli(['send', '--to', bob, '--verify', 'none', '--subject', 'S', '--message', 'T', '--expires', '2d', '--json', ...files.map((f) => f.path)], { configDir: sender.configDir });
  expect(sent.stderr).toBe('');
  expect(sent.code).toBe(0);
  const { id } = JSON.parse(sent.stdout) as { id: string };
  const link = linkIn(await world.mail.next(bob, (m) => /\/r\//.test(m.text), before));
  const runtime = world.server.runtime;
  const transfer = await runtime.repos.transfers.get(id);
  const rows = await runtime.repos.files.listByTransfer(id);
  const locator = storeLocator(storageUrl);
  expect(locator).not.toContain('sealpost-test-secret');
  expect(rows.map((r) => r.blobStore)).toEqual([locator, locator]);
  for (const r of rows) expect(r.blobKey?.startsWith(`exp/${expiryDay(transfer!.expiresAt)}/transfers/`)).toBe(true);

  // The expiry-rules job runs at start; runNow waits for that run (or runs it) so its rules are in place.
  await runtime.scheduler.runNow('blob-expiry-rules');
  const rules = (await client.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))).Rules ?? [];
  expect(rules.find((r) => r.ID === `sealpost-exp-${expiryDay(transfer!.expiresAt)}`)?.Filter?.Prefix).toBe(`blobs/exp/${expiryDay(transfer!.expiresAt)}/`);

  const targetRoot = mkdtempSync(path.join(tmpdir(), 'sealpost-target-store-'));
  const target = pathToFileURL(targetRoot).href;
  const moved = await admin(['migrate-blobs', '--to', target]);
  expect(moved.stderr).toBe('');
  expect(moved.stdout).toMatch(/moved 2 file\(s\), .*; skipped 0; failed 0/);
  expect((await runtime.repos.files.listByTransfer(id)).map((r) => r.blobStore)).toEqual([target, target]);
  for (const r of rows) expect(await runtime.blobs.current.stat(r.blobKey ?? '')).toBeUndefined();

  const out = tempDir('sp-out-');
  const got = await cli(['get', link, '--out', out], { configDir: tempDir('sp-r-') });
  expect(got.stderr).toBe('');
  expectSameFiles(out, files);

  world.server.clock.advance(2 * 24 * 3600 * 1000 + 1000);
  try {
    await sweepTransfers(runtime.transfers);
  } finally {
    world.server.clock.advance(-(2 * 24 * 3600 * 1000 + 1000));
  }
  expect(readdirSync(targetRoot, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.blob'))).toEqual([]);
}, 120_000);
