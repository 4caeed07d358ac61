/**
 * `sealpost status [ID] [--json] [--out DIR]`: sent items. With an ID: per-recipient status (notified,
 * opened, downloads), and the replies, decrypted here with your personal key (files saved with --out).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { openManifest, type Manifest } from '../../crypto/node.ts';
import { SealpostError } from '../../core/errors.ts';
import type { TransferView } from '../../http/schemas/transfer-api.ts';
import type { CliIo, CommandSpec } from '../cli-io.ts';
import { createApiClient, type ApiClient } from '../client/api-client.ts';
import { openStore, parseCommandArgs, UsageError, withUsage } from '../client/command-args.ts';
import { loadPersonalKey, requireSession } from '../client/credentials.ts';
import { downloadToFile } from '../client/download.ts';
import { openOwnerWrap } from '../client/key-material.ts';
import { createProgress } from '../client/progress.ts';

const usage = `usage: sealpost status [ID] [--json] [--out DIR]
  without ID: your sent messages; with ID: who opened and downloaded what, and the replies
  --out DIR   also save the files of the replies there`;

type Reply = TransferView['replies'][number];

/** Decrypts a message's or reply's manifest with the personal key; undefined once keys are destroyed. */
async function readManifest(view: { id: string; manifest: string | null; ownerWrappedIdentity: string | null }, personalIdentity: string | undefined) {
  if (!view.manifest || !view.ownerWrappedIdentity || !personalIdentity) return undefined;
  const identity = await openOwnerWrap({ wrapped: view.ownerWrappedIdentity, personalIdentity, messageId: view.id });
  return { identity, manifest: await openManifest({ sealed: Buffer.from(view.manifest, 'base64'), identity, messageId: view.id }) };
}

async function saveReplyFiles(io: CliIo, api: ApiClient, token: string, reply: Reply, opened: { identity: string; manifest: Manifest }, outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const saved: string[] = [];
  for (const slot of opened.manifest.files) {
    const bar = createProgress(io.stderr, { label: slot.name, total: reply.files.find((f) => f.id === slot.blobId)?.size ?? 0 });
    saved.push(await downloadToFile({ api, path: `/api/transfers/${reply.id}/files/${slot.blobId}`, token, identity: opened.identity, slot, outDir, onBytes: (n) => bar.add(n) }));
    bar.done();
  }
  return saved;
}

const failureReasons = {
  invalid: 'the notification could not be built; send the message again',
  address: 'the address cannot receive mail',
  rejected: "the recipient's mail server refused the address",
} as const;

/** ", not notified: delivery failed (why)" for a recipient whose notification the server gave up on, else "". */
export function notificationFailureLine(r: TransferView['recipients'][number]): string {
  return r.notification?.status === 'failed' ? `, not notified: delivery failed (${failureReasons[r.notification.reason]})` : '';
}

function describe(io: CliIo, view: TransferView, subject: string | undefined): void {
  io.stdout.write(`Message ${view.id}: ${view.status}${subject !== undefined ? ` — "${subject}"` : ''}\n`);
  io.stdout.write(`  sent ${view.sentAt ?? '-'}, expires ${view.expiresAt}${view.recalledAt ? `, recalled ${view.recalledAt}` : ''}\n`);
  io.stdout.write(`  read: ${view.readStatus.state} (${view.readStatus.opened}/${view.readStatus.total} opened)\n`);
  for (const r of view.recipients) {
    io.stdout.write(`  ${r.field} ${r.email} [${r.method}] ${r.state}${notificationFailureLine(r)}${r.firstOpenedAt ? `, opened ${r.firstOpenedAt}` : ''}${r.downloads.length ? `, ${r.downloads.length} download(s), last ${r.downloads.at(-1)?.at ?? ''}` : ''}\n`);
  }
}

export async function runStatus(argv: string[], io: CliIo): Promise<number> {
  return withUsage('status', usage, io, async () => {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' }, out: { type: 'string' } });
    if (values.help) {
      io.stdout.write(`${usage}\n`);
      return 0;
    }
    if (positionals.length > 1) throw new UsageError('give at most one message ID');
    const store = openStore(io, values['config-dir']);
    const session = await requireSession(store);
    const api = createApiClient({ baseUrl: session.server });
    const key = await loadPersonalKey(store);
    const id = positionals[0];
    if (id === undefined) {
      const list = await api.request<{ items: TransferView[] }>('GET', '/api/transfers', { token: session.token });
      if (values.json) io.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      else for (const view of list.items) describe(io, view, (await readManifest(view, key?.identity).catch(() => undefined))?.manifest.subject);
      return 0;
    }
    const view = await api.request<TransferView>('GET', `/api/transfers/${encodeURIComponent(id)}`, { token: session.token });
    const own = await readManifest(view, key?.identity);
    const replies = [];
    for (const reply of view.replies) {
      const opened = reply.status === 'sent' ? await readManifest(reply, key?.identity) : undefined;
      const saved = opened && values.out ? await saveReplyFiles(io, api, session.token, reply, opened, path.resolve(io.cwd, values.out)) : [];
      replies.push({ id: reply.id, status: reply.status, sentAt: reply.sentAt, text: opened?.manifest.text ?? null, files: opened?.manifest.files.map((f, i) => ({ name: f.name, size: f.size, savedAs: saved[i] ?? null })) ?? [] });
    }
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ ...view, manifest: undefined, ownerWrappedIdentity: undefined, subject: own?.manifest.subject ?? null, replies }, null, 2)}\n`);
      return 0;
    }
    describe(io, view, own?.manifest.subject);
    for (const r of replies) {
      io.stdout.write(`  reply ${r.id} (${r.sentAt ?? r.status}):\n${(r.text ?? '').replace(/^/gm, '    ')}\n`);
      for (const f of r.files) io.stdout.write(`    file ${f.name} (${f.size} bytes)${f.savedAs ? ` → ${f.savedAs}` : ''}\n`);
    }
    if (!key && view.manifest) throw new SealpostError('SP_ERR_UNAUTHORIZED', { message: 'Your personal key is missing, so the content cannot be shown' });
    return 0;
  });
}

export const statusCommand: CommandSpec = { summary: 'sent messages: who opened and downloaded what, replies', run: runStatus };
