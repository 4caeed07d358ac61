// Production shape for real: three `sealpost serve` processes, each with its own DATA_DIR, on one PostgreSQL and one
// Ceph RGW bucket (STORAGE_URL), behind Debian's nginx (the committed deploy/nginx/sealpost.conf), a real SMTP sink.
// The scenario (shared with `npm run bench -- cluster`) at a reduced size: send and download through nginx with the
// client core, Range, recalls meanwhile, the process writing an upload SIGKILLed half-way (a part already in the
// bucket) and the upload resumed through nginx on another one; every byte identical, no orphaned blob and nothing
// left in staging in the bucket, every notification delivered exactly once.
import { existsSync } from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/client/api-client.ts';
import { testDatabaseUrl } from '../db/postgres-harness.ts';
import { startMailCatcher, type MailCatcher } from '../e2e/harness.ts';
import { startCluster, type Cluster } from './cluster.ts';
import { NGINX, renderNginxSite } from './nginx.ts';
import { loginSender, runClusterScenario } from './scenario.ts';

/** A JSON request from a chosen local address (Linux routes all of 127.0.0.0/8 to loopback), with extra headers. */
function requestFrom(localAddress: string, url: string, init: { method: string; token: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; json: unknown }> {
  const body = init.body === undefined ? undefined : JSON.stringify(init.body);
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: init.method, localAddress,
      headers: { authorization: `Bearer ${init.token}`, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}), ...init.headers },
    }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(parts).toString('utf8') || 'null') as unknown }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

let cluster: Cluster | undefined;
let mail: MailCatcher | undefined;

describe('the nginx template', () => {
  it('fills every placeholder and keeps the settings tus uploads and downloads need', () => {
    const site = renderNginxSite({ upstreamPorts: [8081, 8082], listen: 'listen 127.0.0.1:8080;', serverName: 'sealpost.example.org' });
    expect(site).toContain('server 127.0.0.1:8081 max_fails=3 fail_timeout=10s;');
    expect(site).toContain('server 127.0.0.1:8082 max_fails=3 fail_timeout=10s;');
    expect(site).not.toMatch(/proxy_next_upstream[^;]*non_idempotent/);
    expect(site).toMatch(/location \/api\/uploads \{[^}]*client_max_body_size 0;[^}]*proxy_request_buffering off;/);
  });
});

describe.skipIf(!existsSync(NGINX))('three processes behind nginx on PostgreSQL and Ceph RGW (needs Debian nginx)', () => {
  beforeAll(async () => {
    mail = await startMailCatcher();
    cluster = await startCluster({ processes: 3, baseDatabaseUrl: testDatabaseUrl, smtpUrl: mail.url });
  }, 240_000);
  afterAll(async () => {
    await cluster?.close();
    await mail?.close();
  });

  it('every process is ready; nginx tells Sealpost the address it saw and drops the one a client forged', async () => {
    if (!cluster || !mail) throw new Error('no cluster');
    for (const p of cluster.processes) expect((await fetch(`http://127.0.0.1:${p.port}/readyz`)).status).toBe(200);
    expect((await fetch(`${cluster.url}/readyz`)).status).toBe(200);
    const sender = await loginSender(createApiClient({ baseUrl: cluster.url }), mail, 'forwarded@org.example');
    const created = await requestFrom('127.0.0.2', `${cluster.url}/api/transfers`, {
      method: 'POST', token: sender.token, headers: { 'x-forwarded-for': '203.0.113.9' },
      body: { recipients: [{ email: 'someone@recipients.example.net', method: 'none' }], files: [{ size: 1000 }], notifyOnOpen: false, maxDownloads: null },
    });
    expect(created.status).toBe(201);
    const { id } = created.json as { id: string };
    const audit = await requestFrom('127.0.0.3', `${cluster.url}/api/transfers/${id}/audit`, { method: 'GET', token: sender.token });
    const events = (audit.json as { events: Array<{ action: string; clientAddress: string | null }> }).events;
    expect(events.find((e) => e.action === 'transfer.created')?.clientAddress).toBe('127.0.0.2');
  });

  it('sends, downloads, ranges and recalls while one process is SIGKILLed mid-upload; the upload resumes on another', async () => {
    if (!cluster || !mail) throw new Error('no cluster');
    const report = await runClusterScenario(cluster, mail, {
      transfers: 12, large: 2, smallBytes: 70_000, largeBytes: 36 * 1024 * 1024, concurrency: 12, recalls: 2, killMidUpload: true, transfersPerSender: 6,
    });
    expect(report.failures).toEqual([]);
    // Resumed past the first 16 MiB part, which rested in the bucket when its process died.
    expect(report.kill?.resumedFromOffset).toBeGreaterThan(0);
    expect(cluster.processes.filter((p) => p.alive())).toHaveLength(2);
    expect(report.checks.byteIdentical).toBe(12);
    expect(report.checks.rangeChecked).toBe(10);
    expect(report.checks.recalledRefused).toBe(2);
    expect(report.checks.orphanedBlobs).toEqual([]);
    expect(report.checks.missingBlobs).toEqual([]);
    expect(report.checks.leftoverStaging).toEqual([]);
    expect(report.checks.resumableStaging).toEqual([]);
    expect(report.checks.notificationsMissing).toEqual([]);
    expect(report.checks.notificationsDuplicated).toEqual([]);
    // The survivors keep serving through nginx after the kill.
    expect((await fetch(`${cluster.url}/readyz`)).status).toBe(200);
  }, 240_000);
});
