// `npm run bench -- cluster [--processes 3] [--pool-size 10] [--transfers 200] [--large 3] [--small-bytes 65536]
//   [--large-bytes 268435456] [--concurrency 200] [--recalls 10] [--no-kill] [--json]`
// The production shape under load: N `sealpost serve` processes, each with its own DATA_DIR, on PostgreSQL
// (TEST_DATABASE_URL, a fresh database) and Ceph RGW (STORAGE_URL: a fresh bucket on scripts/ceph-rgw.sh's gateway,
// or TEST_S3_URL) behind Debian's nginx (deploy/nginx/sealpost.conf), a real SMTP sink. Runs the scenario of test/cluster (the same
// module, full size): concurrent transfers sent and downloaded through nginx with the client core, the process
// writing the first (large) upload SIGKILLed half-way and the upload resumed on another, downloads, Range and recalls
// meanwhile. Reports p50/p99 of the API calls, throughput, each process's peak RSS, and the checks (byte-identical,
// no orphaned blob and no staging left in the bucket, every notification delivered exactly once); exits 1 if a check fails.
import { parseArgs } from 'node:util';
import { startCluster } from '../test/cluster/cluster.ts';
import { runClusterScenario, type ScenarioReport } from '../test/cluster/scenario.ts';
import { startMailCatcher } from '../test/e2e/harness.ts';

const { values } = parseArgs({
  options: {
    processes: { type: 'string', default: '3' },
    'pool-size': { type: 'string', default: '10' },
    transfers: { type: 'string', default: '200' },
    large: { type: 'string', default: '3' },
    'small-bytes': { type: 'string', default: String(64 * 1024) },
    'large-bytes': { type: 'string', default: String(256 * 1024 * 1024) },
    concurrency: { type: 'string', default: '200' },
    recalls: { type: 'string', default: '10' },
    'no-kill': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const int = (name: keyof typeof values): number => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number`);
  return n;
};

function failedChecks(report: ScenarioReport): string[] {
  const c = report.checks;
  const expectedIdentical = report.transfers;
  return [
    ...report.failures,
    ...(c.byteIdentical === expectedIdentical ? [] : [`byte-identical ${c.byteIdentical}/${expectedIdentical}`]),
    ...c.orphanedBlobs.map((k) => `orphaned blob ${k}`),
    ...c.missingBlobs.map((k) => `missing blob ${k}`),
    ...c.leftoverStaging.map((f) => `staging leaked ${f}`),
    ...c.notificationsMissing.map((r) => `no notification to ${r}`),
    ...c.notificationsDuplicated.map((r) => `duplicated notification to ${r}`),
  ];
}

const mail = await startMailCatcher();
const cluster = await startCluster({
  processes: int('processes'),
  baseDatabaseUrl: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  smtpUrl: mail.url,
  env: { LOG_LEVEL: 'warn', SENDER_QUOTA_BYTES: String(2 ** 50), DATABASE_POOL_SIZE: String(int('pool-size')) },
});
let report: ScenarioReport;
try {
  report = await runClusterScenario(cluster, mail, {
    transfers: int('transfers'), large: int('large'), smallBytes: int('small-bytes'), largeBytes: int('large-bytes'),
    concurrency: Math.max(1, int('concurrency')), recalls: int('recalls'), killMidUpload: !values['no-kill'],
  });
} finally {
  await cluster.close();
  await mail.close();
}
const failed = failedChecks(report);
if (values.json) {
  console.log(JSON.stringify({ ...report, failed }, null, 2));
} else {
  const mib = (n: number) => (n / (1024 * 1024)).toFixed(1);
  console.log(`cluster: ${int('processes')} processes behind nginx, PostgreSQL, blobs and upload staging in one Ceph RGW bucket, a DATA_DIR per process`);
  console.log(`transfers ${report.transfers} (${int('large')} × ${mib(int('large-bytes'))} MiB, rest ${mib(int('small-bytes'))} MiB), concurrency ${int('concurrency')}`);
  console.log(`time ${report.seconds.toFixed(1)} s, throughput ${report.throughputMiBps.toFixed(1)} MiB/s (plaintext up + down)`);
  console.log(`API calls ${report.api.calls}: p50 ${report.api.p50Ms} ms, p99 ${report.api.p99Ms} ms; repeated after a 502: ${report.api.retriedAfter502}`);
  for (const p of report.peakRssMiB) console.log(`process ${p.process} (pid ${p.pid}): peak RSS ${p.peakRssMiB} MiB${p.killed ? ' (SIGKILLed mid-upload)' : ''}`);
  if (report.kill) console.log(`upload resumed on another process from plaintext offset ${report.kill.resumedFromOffset}`);
  console.log(`checks: byte-identical ${report.checks.byteIdentical}/${report.transfers}, Range ${report.checks.rangeChecked}, recalled and refused ${report.checks.recalledRefused}, ` +
    `orphaned blobs ${report.checks.orphanedBlobs.length}, missing ${report.checks.missingBlobs.length}, staging leaked ${report.checks.leftoverStaging.length} (of unsent drafts, resumable: ${report.checks.resumableStaging.length}), notifications missing ${report.checks.notificationsMissing.length}, duplicated ${report.checks.notificationsDuplicated.length}, redelivered (same Message-ID) ${report.checks.notificationsRedelivered.length}`);
  console.log(failed.length === 0 ? 'all checks passed' : `FAILED:\n  ${failed.join('\n  ')}`);
}
process.exit(failed.length === 0 ? 0 : 1);
