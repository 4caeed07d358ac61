/**
 * `sealpost status [ID] [--json] [--out DIR]`: sent items. With an ID: per-recipient status (notified,
 * opened, downloads), and the replies, decrypted here with your personal key (files saved with --out).
 * Content whose stored manifest fails its integrity check is reported as tampered (exit 1), never as gone.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { openOwnedContentWithKeys, type Manifest, type OwnedContent } from '../../crypto/node.ts';
import { SealpostError } from '../../core/errors.ts';
import { terminalJson, terminalLine, terminalText } from '../../core/text/terminal.ts';
import type { TransferView } from '../../client/api-contract.ts';
import type { CliIo, CommandSpec } from '../cli-io.ts';
import type { ApiClient } from '../../client/api-client.ts';
import { openStore, parseCommandArgs, UsageError, withUsage } from '../client/command-args.ts';
import { requireSession } from '../client/credentials.ts';
import { downloadToFile } from '../client/download.ts';
import { createProgress } from '../client/progress.ts';
import { cliApiClient } from '../client/cli-api.ts';
import { personalIdentities } from '../client/staff-key.ts';

const usage = `usage: sealpost status [ID] [--json] [--out DIR]
  without ID: your sent messages; with ID: who opened and downloaded what, and the replies
  --out DIR   also save the files of the replies there
  Staff: your password opens your personal key (asked on the terminal without echo, or SEALPOST_PASSWORD_FILE)
  Exit 1 if a message or reply failed its integrity check (its stored content was altered or swapped).`;

type Reply = TransferView['replies'][number];
type Sealed = { id: string; status: string; contentDeleted: boolean; manifest: string | null; ownerWrappedIdentity: string | null };

/** What the sender can see of a message or reply: the content, or why not. */
type Content = OwnedContent | { state: 'deleted' } | { state: 'none' } | { state: 'no-key' };

/** The `content` field of --json: `ok`, `tampered`, `deleted` (keys destroyed), `unreadable` (no or another key), `none` (draft). */
const contentWord = { open: 'ok', tampered: 'tampered', deleted: 'deleted', none: 'none', 'no-key': 'unreadable', 'foreign-key': 'unreadable' } as const;

const TAMPERED = 'TAMPERED: integrity check failed (the stored content was altered or swapped; none of it is shown)';

/** Decrypts a message's or reply's manifest with the personal key (staff: then with earlier keys an admin restored). */
async function readContent(view: Sealed, personalIdentities: readonly string[] | undefined): Promise<Content> {
  if (!view.manifest || !view.ownerWrappedIdentity) return view.status === 'draft' ? { state: 'none' } : { state: 'deleted' };
  if (!personalIdentities?.length) return { state: 'no-key' };
  return openOwnedContentWithKeys({ ownerWrappedIdentity: view.ownerWrappedIdentity, manifest: view.manifest, personalIdentities, messageId: view.id });
}

function headline(view: Sealed, content: Content): string {
  switch (content.state) {
    case 'open': return ` — "${content.manifest.subject}"`;
    case 'tampered': return ` — ${TAMPERED}`;
    case 'deleted': return view.contentDeleted ? ' — content deleted' : ' — content no longer available';
    case 'foreign-key': return ' — content not readable with the personal key on this machine (sent from another machine?)';
    case 'no-key': return ' — content not shown: no personal key on this machine (staff: type your password on a terminal or set SEALPOST_PASSWORD_FILE)';
    case 'none': return '';
  }
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

function describe(io: CliIo, view: TransferView, content: Content): void {
  // Every line here is one line: whatever a server or sender put into a field, the terminal gets no control of it.
  const say = (line: string): void => void io.stdout.write(`${terminalLine(line)}\n`);
  say(`Message ${view.id}: ${view.status}${headline(view, content)}`);
  say(`  sent ${view.sentAt ?? '-'}, expires ${view.expiresAt}${view.recalledAt ? `, recalled ${view.recalledAt}` : ''}`);
  say(`  read: ${view.readStatus.state} (${view.readStatus.opened}/${view.readStatus.total} opened)`);
  for (const r of view.recipients) {
    say(`  ${r.field} ${r.email} [${r.method}] ${r.state}${notificationFailureLine(r)}${r.firstOpenedAt ? `, opened ${r.firstOpenedAt}` : ''}${r.downloads.length ? `, ${r.downloads.length} download(s), last ${r.downloads.at(-1)?.at ?? ''}` : ''}`);
  }
}

/** Exit 1 after the whole report, so the sender sees everything else and scripts still notice. */
function tamperedError(what: string[]): SealpostError {
  return new SealpostError('SP_ERR_DECRYPT', { message: `integrity check failed for ${what.join(', ')}: the stored content was altered or swapped on the server (not shown). Report this to your administrator.` });
}

async function listSent(io: CliIo, api: ApiClient, token: string, identities: readonly string[] | undefined, json: boolean): Promise<number> {
  const list = await api.request<{ items: TransferView[] }>('GET', '/api/transfers', { token });
  const contents = new Map<string, Content>();
  for (const view of list.items) contents.set(view.id, await readContent(view, identities));
  const tampered = list.items.filter((v) => contents.get(v.id)?.state === 'tampered').map((v) => `message ${v.id}`);
  if (json) {
    io.stdout.write(`${terminalJson({ items: list.items.map((v) => ({ ...v, content: contentWord[contents.get(v.id)?.state ?? 'none'] })) })}\n`);
  } else {
    for (const view of list.items) describe(io, view, contents.get(view.id) ?? { state: 'none' });
  }
  if (tampered.length > 0) throw tamperedError(tampered);
  return 0;
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
    const api = cliApiClient(session.server, io);
    // A staff member's key rests on the server wrapped under the password: unwrapped here for this command only.
    const identities = await personalIdentities(io, api, store, session);
    const id = positionals[0];
    if (id === undefined) return listSent(io, api, session.token, identities, values.json === true);
    const view = await api.request<TransferView>('GET', `/api/transfers/${encodeURIComponent(id)}`, { token: session.token });
    const own = await readContent(view, identities);
    const tampered = own.state === 'tampered' ? [`message ${view.id}`] : [];
    const replies = [];
    for (const reply of view.replies) {
      const content = await readContent(reply, identities);
      if (content.state === 'tampered') tampered.push(`reply ${reply.id}`);
      const opened = reply.status === 'sent' && content.state === 'open' ? content : undefined;
      const saved = opened && values.out ? await saveReplyFiles(io, api, session.token, reply, opened, path.resolve(io.cwd, values.out)) : [];
      replies.push({ id: reply.id, status: reply.status, sentAt: reply.sentAt, content: contentWord[content.state], text: opened?.manifest.text ?? null, files: opened?.manifest.files.map((f, i) => ({ name: f.name, size: f.size, savedAs: saved[i] ?? null })) ?? [] });
    }
    if (values.json) {
      io.stdout.write(`${terminalJson({ ...view, manifest: undefined, ownerWrappedIdentity: undefined, content: contentWord[own.state], subject: own.state === 'open' ? own.manifest.subject : null, replies })}\n`);
    } else {
      describe(io, view, own);
      for (const r of replies) {
        const head = r.content === 'tampered' ? ` — ${TAMPERED}` : '';
        io.stdout.write(`  reply ${terminalLine(r.id)} (${r.sentAt ?? r.status})${head}:\n${terminalText(r.text ?? '').replace(/^/gm, '    ')}\n`);
        for (const f of r.files) io.stdout.write(`    file ${terminalLine(f.name)} (${f.size} bytes)${f.savedAs ? ` → ${terminalLine(f.savedAs)}` : ''}\n`);
      }
    }
    if (tampered.length > 0) throw tamperedError(tampered);
    if (own.state === 'foreign-key') throw new SealpostError('SP_ERR_DECRYPT', { message: 'Your personal key does not open this message (was it sent from another machine?)' });
    if (own.state === 'no-key') throw new SealpostError('SP_ERR_UNAUTHORIZED', { message: 'Your personal key is missing, so the content cannot be shown' });
    return 0;
  });
}

export const statusCommand: CommandSpec = { summary: 'sent messages: who opened and downloaded what, replies', run: runStatus };
