/**
 * A real Debian Postfix for the gateway tests, wired as docs/gateway.md tells a mail admin to:
 *   submission smtpd (content_filter = sealpost:[127.0.0.1]:GATEWAY) → gateway → re-injection smtpd (no filter)
 *   → every domain delivered to one Maildir that the test reads.
 * Plus an inbound smtpd without the filter ("mail from outside"). Each instance has its own config, queue and data
 * directories under a temp dir and its own free ports, so test files can run in parallel. chroot off, logging to
 * `maillog_file` (no syslog here), main.cf and master.cf written whole. Needs root (Postfix's master runs as root).
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../support/free-port.ts';

const run = promisify(execFile);
const POSTFIX = '/usr/sbin/postfix';
const POSTQUEUE = '/usr/sbin/postqueue';

export const postfixAvailable = existsSync(POSTFIX) && process.getuid?.() === 0;

export interface QueuedMail {
  queue_name: 'active' | 'deferred' | 'hold' | 'incoming' | 'maildrop';
  queue_id: string;
  sender: string;
  recipients: Array<{ address: string; delay_reason?: string }>;
}

export interface PostfixHarness {
  dir: string;
  /** Submission smtpd: mail through here goes through the gateway. */
  submissionPort: number;
  /** Inbound smtpd: no filter (mail from outside). */
  inboundPort: number;
  /** Re-injection smtpd: the gateway's GATEWAY_NEXT_HOP. */
  reinjectPort: number;
  nextHopUrl: string;
  /** Where the filter transport delivers: start the gateway on this port. */
  gatewayPort: number;
  /** Raw bytes of every delivered mail (Maildir new/ and cur/), oldest first. */
  delivered(): Buffer[];
  /** `postqueue -j`: mails still in Postfix's queue. */
  queue(): Promise<QueuedMail[]>;
  /** `postqueue -f`: retry deferred mail now (also clears Postfix's "dead destination" mark). */
  flush(): Promise<void>;
  /** The maillog so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

function mainCf(dir: string, uid: number, gid: number): string {
  return `# Written whole by test/gateway/postfix-harness.ts
compatibility_level = 3.6
queue_directory = ${dir}/queue
data_directory = ${dir}/data
mail_owner = postfix
setgid_group = postdrop
myhostname = mx.sealpost.test
mydomain = sealpost.test
myorigin = $myhostname
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
smtpd_recipient_restrictions = permit_mynetworks, reject
smtp_host_lookup = native
smtp_dns_support_level = disabled
biff = no
alias_maps =
alias_database =
append_dot_mydomain = no
maillog_file = ${dir}/maillog
maillog_file_prefixes = ${dir}
# Every domain lands in one Maildir (trailing slash = Maildir) that the test reads.
virtual_mailbox_domains = static:all
virtual_mailbox_maps = static:maildir/
virtual_mailbox_base = ${dir}/mail
virtual_minimum_uid = 1
virtual_uid_maps = static:${uid}
virtual_gid_maps = static:${gid}
virtual_mailbox_limit = 0
message_size_limit = 0
mailbox_size_limit = 0
# Retries only when the test flushes (postqueue -f), never on their own in the middle of an assertion.
queue_run_delay = 3600s
minimal_backoff_time = 3600s
maximal_backoff_time = 7200s
# The filter: one recipient per transaction, lines never folded, connections cached (no greeting delay per mail).
sealpost_destination_recipient_limit = 1
sealpost_destination_concurrency_limit = 10
smtp_connection_cache_on_demand = yes
`;
}

function masterCf(p: { submission: number; inbound: number; reinject: number; gateway: number }): string {
  return `# Written whole by test/gateway/postfix-harness.ts; chroot off everywhere (5th column n).
# service type  private unpriv  chroot  wakeup  maxproc command + args
127.0.0.1:${p.submission} inet n - n - - smtpd
  -o content_filter=sealpost:[127.0.0.1]:${p.gateway}
127.0.0.1:${p.inbound} inet n - n - - smtpd
127.0.0.1:${p.reinject} inet n - n - - smtpd
  -o content_filter=
  -o receive_override_options=no_unknown_recipient_checks,no_header_body_checks,no_milters
  -o smtpd_helo_restrictions=
  -o smtpd_client_restrictions=
  -o smtpd_sender_restrictions=
  -o smtpd_recipient_restrictions=permit_mynetworks,reject
  -o smtpd_relay_restrictions=permit_mynetworks,reject
  -o mynetworks=127.0.0.0/8
  -o smtpd_authorized_xforward_hosts=127.0.0.0/8
sealpost  unix  -       -       n       -       10      smtp
  -o smtp_line_length_limit=0
  -o smtp_send_xforward_command=yes
  -o smtp_data_done_timeout=1200s
  -o smtp_connection_cache_time_limit=2s
  -o disable_mime_output_conversion=yes
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
`;
}

export async function startPostfix(): Promise<PostfixHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'sealpost-postfix-'));
  // Postfix's daemons run as the postfix user and must reach their directories below this one.
  chmodSync(dir, 0o755);
  const etc = join(dir, 'etc');
  for (const sub of ['etc', 'queue', 'data', 'mail']) mkdirSync(join(dir, sub), { recursive: true });
  const [submission, inbound, reinject, gateway] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const { stdout: ids } = await run('id', ['-u', 'postfix']);
  const uid = Number(ids.trim());
  const { stdout: gids } = await run('id', ['-g', 'postfix']);
  const gid = Number(gids.trim());
  writeFileSync(join(etc, 'main.cf'), mainCf(dir, uid, gid));
  writeFileSync(join(etc, 'master.cf'), masterCf({ submission, inbound, reinject, gateway }));
  await run('chown', ['-R', `${uid}:${gid}`, join(dir, 'mail'), join(dir, 'data')]);
  const env = { ...process.env, MAIL_CONFIG: etc };
  try {
    await run(POSTFIX, ['-c', etc, 'start'], { env });
  } catch (error) {
    const log = existsSync(join(dir, 'maillog')) ? readFileSync(join(dir, 'maillog'), 'utf8') : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`postfix did not start: ${(error as Error).message}\n${log}`);
  }
  await waitForPort(submission);

  const maildir = join(dir, 'mail', 'maildir');
  return {
    dir,
    submissionPort: submission,
    inboundPort: inbound,
    reinjectPort: reinject,
    nextHopUrl: `smtp://127.0.0.1:${reinject}`,
    gatewayPort: gateway,
    delivered() {
      const files: Array<{ name: string; path: string }> = [];
      for (const sub of ['new', 'cur']) {
        const at = join(maildir, sub);
        if (existsSync(at)) for (const name of readdirSync(at)) files.push({ name, path: join(at, name) });
      }
      // Maildir names start with the delivery time in seconds, then a unique part: good enough to order.
      return files.sort((a, b) => a.name.localeCompare(b.name)).map((f) => readFileSync(f.path));
    },
    async queue() {
      const { stdout } = await run(POSTQUEUE, ['-c', etc, '-j'], { env });
      return stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as QueuedMail);
    },
    async flush() {
      await run(POSTQUEUE, ['-c', etc, '-f'], { env });
    },
    log: () => (existsSync(join(dir, 'maillog')) ? readFileSync(join(dir, 'maillog'), 'utf8') : ''),
    async stop() {
      await run(POSTFIX, ['-c', etc, 'stop'], { env }).catch(() => undefined);
      // master exits after its children; wait for its pid file to go so the dir can be removed.
      await waitFor(() => !existsSync(join(dir, 'queue', 'pid', 'master.pid')), 20_000).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number): Promise<void> {
  const { connect } = await import('node:net');
  await waitFor(
    () =>
      new Promise<boolean>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      }),
    20_000,
  );
}

/** Polls `check` until it is true (no timing assertion: the limit only ends a hung test with a message). */
export async function waitFor(check: () => boolean | Promise<boolean>, limitMs = 30_000, what = 'condition'): Promise<void> {
  const until = Date.now() + limitMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
