import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { storeLocator } from '../../adapters/blob/store-locator.ts';
import { systemClock } from '../../adapters/clock/system-clock.ts';
import { createRepositories } from '../../adapters/db/repositories.ts';
import { loadConfig } from '../../config/load-config.ts';
import { migrateBlobs, type MigrateEvent, type MigrateResult } from '../../core/blobs/migrate-blobs.ts';
import { SealpostError } from '../../core/errors.ts';
import { withLease } from '../../core/leases/with-lease.ts';
import type { CliIo } from '../cli-io.ts';
import { formatBytes } from '../client/progress.ts';
import { blobStoresFor, openBlobStore } from '../serve/blob-stores.ts';
import { createLogger } from '../serve/logger.ts';
import { openDatabase } from '../serve/runtime.ts';

export const migrateBlobsHelp = `Usage: sealpost admin migrate-blobs --to STORAGE_URL [--dry-run]

Moves every stored file (blob) that is not yet in the store STORAGE_URL names (s3://bucket?endpoint=…,
file:///path, or "local" for DATA_DIR/blobs) there. Each copy is read back and its SHA-256 compared with the
source's before the file is switched to it and the source deleted. Safe while servers run (set their
STORAGE_URL to the target first, so new files go there); a file deleted or expired meanwhile is skipped.
Interrupted (Ctrl-C, crash)? Run it again: finished files are not copied again. Reads DATABASE_URL, DATA_DIR
etc. like \`sealpost serve\`.

  --to URL      the target store
  --dry-run     list what would move, change nothing
`;

/** `sealpost admin migrate-blobs`: one mover at a time (a database lease), progress on stdout. */
export async function runMigrateBlobs(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { to: { type: 'string' }, 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) {
    io.stdout.write(migrateBlobsHelp);
    return 0;
  }
  if (!values.to) {
    io.stderr.write(`sealpost admin migrate-blobs: --to STORAGE_URL is required\n\n${migrateBlobsHelp}`);
    return 2;
  }
  const config = loadConfig({ env: io.env, cwd: io.cwd });
  const locator = storeLocator(values.to);
  const db = await openDatabase(config, createLogger({ level: 'warn' }));
  const stop = new AbortController();
  const onSignal = (): void => stop.abort(new SealpostError('SP_ERR_UNAVAILABLE', { message: 'interrupted' }));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const repos = createRepositories(db, { clock: systemClock });
    const stores = blobStoresFor(config);
    const target = { locator, store: openBlobStore(values.to, config) };
    await target.store.check();
    const holder = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    const outcome = await withLease(repos.leases, { name: 'admin:migrate-blobs', holder, ttlMs: 120_000 }, (lost) =>
      migrateBlobs({
        repos,
        open: (l) => stores.open(l),
        target,
        dryRun: values['dry-run'] ?? false,
        signal: AbortSignal.any([stop.signal, lost]),
        onProgress: (event) => io.stdout.write(`${describeEvent(event)}\n`),
      }),
    );
    if (!outcome.ran) {
      io.stderr.write('sealpost admin migrate-blobs: another migration is running (lease admin:migrate-blobs; the lease of a run that crashed runs out within 2 minutes)\n');
      return 1;
    }
    io.stdout.write(summary(outcome.value, values['dry-run'] ?? false));
    return outcome.value.failed > 0 ? 1 : 0;
  } catch (error) {
    if (!stop.signal.aborted) throw error;
    io.stderr.write('sealpost admin migrate-blobs: interrupted; run it again to finish (finished files are not copied again)\n');
    return 130;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await db.close();
  }
}

function describeEvent(event: MigrateEvent): string {
  switch (event.kind) {
    case 'moved':
    case 'would-move':
      return `${event.kind === 'moved' ? 'moved' : 'would move'} ${event.fileId} (${formatBytes(event.bytes)}) ${event.from.store}:${event.from.key} -> ${event.to.store}:${event.to.key}`;
    case 'skipped':
      return `skipped ${event.fileId}: deleted meanwhile`;
    case 'failed':
      return `FAILED ${event.fileId}: ${event.reason}`;
    case 'old-copy-deleted':
      return `deleted the old copy of ${event.fileId} left by an interrupted run (${event.at.store}:${event.at.key})`;
    case 'old-copy-to-delete':
      return `would delete the old copy of ${event.fileId} left by an interrupted run (${event.at.store}:${event.at.key})`;
  }
}

function summary(r: MigrateResult, dryRun: boolean): string {
  const verb = dryRun ? 'would move' : 'moved';
  return `${verb} ${r.moved} file(s), ${formatBytes(r.bytes)}; skipped ${r.skipped}; failed ${r.failed}; old copies ${dryRun ? 'to delete' : 'deleted'} ${r.oldCopiesDeleted}\n`;
}
