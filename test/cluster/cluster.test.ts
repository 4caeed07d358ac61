// Production shape for real: three `sealpost serve` processes on PostgreSQL behind Debian's nginx (the committed
// deploy/nginx/sealpost.conf), a real SMTP sink. The scenario (shared with `npm run bench -- cluster`) at a reduced
// size: send and download through nginx with the client core, Range, recalls meanwhile, the process writing an
// upload SIGKILLed half-way and the upload resumed on another one; every byte identical, no orphaned blob, every
// notification delivered exactly once.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../db/postgres-harness.ts';
import { startMailCatcher, type MailCatcher } from '../e2e/harness.ts';
import { startCluster, type Cluster } from './cluster.ts';
import { NGINX, renderNginxSite } from './nginx.ts';
import { runClusterScenario } from './scenario.ts';

let cluster: Cluster | undefined;
let mail: MailCatcher | undefined;

describe('the nginx template', () => {
  it('fills every placeholder and keeps the settings tus uploads and downloads need', () => {
    const site = renderNginxSite({ upstreamPorts: [8081, 8082], listen: 'listen 127.0.0.1:8080;', serverName: 'sealpost.example.org' });
    expect(site).toContain('server 127.0.0.1:8081 max_fails=1 fail_timeout=10s;');
    expect(site).toContain('server 127.0.0.1:8082 max_fails=1 fail_timeout=10s;');
    expect(site).not.toMatch(/proxy_next_upstream[^;]*non_idempotent/);
    expect(site).toMatch(/location \/api\/uploads \{[^}]*client_max_body_size 0;[^}]*proxy_request_buffering off;/);
  });
});

describe.skipIf(!existsSync(NGINX))('three processes behind nginx on PostgreSQL (needs Debian nginx)', () => {
  beforeAll(async () => {
    mail = await startMailCatcher();
    cluster = await startCluster({ processes: 3, baseDatabaseUrl: testDatabaseUrl, smtpUrl: mail.url });
  }, 120_000);
  afterAll(async () => {
    await cluster?.close();
    await mail?.close();
  });

  it('every process is ready and nginx passes the client address on as X-Forwarded-For', async () => {
    if (!cluster) throw new Error('no cluster');
    for (const p of cluster.processes) expect((await fetch(`http://127.0.0.1:${p.port}/readyz`)).status).toBe(200);
    expect((await fetch(`${cluster.url}/readyz`)).status).toBe(200);
  });

  it('sends, downloads, ranges and recalls while one process is SIGKILLed mid-upload; the upload resumes on another', async () => {
    if (!cluster || !mail) throw new Error('no cluster');
    const report = await runClusterScenario(cluster, mail, {
      transfers: 12, large: 2, smallBytes: 70_000, largeBytes: 6 * 1024 * 1024, concurrency: 12, recalls: 2, killMidUpload: true, transfersPerSender: 6,
    });
    expect(report.failures).toEqual([]);
    expect(report.kill?.resumedFromOffset).toBeGreaterThan(0);
    expect(cluster.processes.filter((p) => p.alive())).toHaveLength(2);
    expect(report.checks.byteIdentical).toBe(12);
    expect(report.checks.rangeChecked).toBe(10);
    expect(report.checks.recalledRefused).toBe(2);
    expect(report.checks.orphanedBlobs).toEqual([]);
    expect(report.checks.missingBlobs).toEqual([]);
    expect(report.checks.leftoverStaging).toEqual([]);
    expect(report.checks.notificationsMissing).toEqual([]);
    expect(report.checks.notificationsDuplicated).toEqual([]);
    // The survivors keep serving through nginx after the kill.
    expect((await fetch(`${cluster.url}/readyz`)).status).toBe(200);
  }, 240_000);
});
