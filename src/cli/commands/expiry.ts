/** `sealpost expiry ID (--in 14d | --until TIME)`: extends or shortens how long a sent message stays available. */
import type { TransferView } from '../../client/api-contract.ts';
import type { CliIo, CommandSpec } from '../cli-io.ts';
import { openStore, parseCommandArgs, UsageError, withUsage } from '../client/command-args.ts';
import { requireSession } from '../client/credentials.ts';
import { terminalJson, terminalLine } from '../../core/text/terminal.ts';
import { cliApiClient } from '../client/cli-api.ts';

const usage = `usage: sealpost expiry ID (--in DURATION | --until TIME) [--json]
  Changes until when the message can be opened: later (at most the server's maximum, counted from when it
  was sent) or sooner (takes effect at once). Not for a recalled or expired message.
  --in      from now: 14d (days) or 36h (hours)
  --until   an ISO 8601 time, e.g. 2026-12-01T17:00Z or 2026-12-01T17:00+01:00`;

const HOUR_MS = 3600 * 1000;

/** The new expiry the options name; `now` for --in. */
export function parseNewExpiry(values: { in?: string | undefined; until?: string | undefined }, now: Date): Date {
  if ((values.in === undefined) === (values.until === undefined)) throw new UsageError('give either --in or --until');
  if (values.in !== undefined) {
    const match = /^(\d{1,5})\s*(d|h)$/i.exec(values.in.trim());
    if (!match) throw new UsageError('--in takes days or hours, e.g. 14d or 36h');
    const hours = Number(match[1]) * (match[2]?.toLowerCase() === 'd' ? 24 : 1);
    return new Date(now.getTime() + hours * HOUR_MS);
  }
  const text = values.until?.trim() ?? '';
  // A time without an offset would depend on this machine's zone: require one.
  const when = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(text) ? new Date(text) : new Date(Number.NaN);
  if (Number.isNaN(when.getTime())) throw new UsageError('--until takes an ISO 8601 time with a zone, e.g. 2026-12-01T17:00Z');
  return when;
}

export async function runExpiry(argv: string[], io: CliIo): Promise<number> {
  return withUsage('expiry', usage, io, async () => {
    const { values, positionals } = parseCommandArgs(argv, { in: { type: 'string' }, until: { type: 'string' }, json: { type: 'boolean' } });
    if (values.help) {
      io.stdout.write(`${usage}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('give exactly one message ID');
    const expiresAt = parseNewExpiry(values, new Date());
    const store = openStore(io, values['config-dir']);
    const session = await requireSession(store);
    const api = cliApiClient(session.server, io);
    const view = await api.request<TransferView>('POST', `/api/transfers/${encodeURIComponent(positionals[0] ?? '')}/expiry`, {
      token: session.token,
      body: { expiresAt: expiresAt.toISOString() },
    });
    if (values.json) io.stdout.write(`${terminalJson({ id: view.id, status: view.status, expiresAt: view.expiresAt, latestExpiresAt: view.latestExpiresAt })}\n`);
    else io.stdout.write(`Message ${terminalLine(view.id)} is now available until ${terminalLine(view.expiresAt)}.\n`);
    return 0;
  });
}

export const expiryCommand: CommandSpec = { summary: 'change until when a sent message is available', run: runExpiry };
