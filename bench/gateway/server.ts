// The process measured by `npm run bench -- gateway`: `sealpost serve`'s runtime with GATEWAY_LISTEN (as the
// end-to-end test starts it), one organisation whose staff member has a personal key, so an `(Auto)` mail to a
// recipient without keys becomes a portal message. Runs in its own process so its RSS is the gateway's alone.
// argv: GATEWAY_PORT NEXT_HOP_URL NOTIFY_SMTP_URL SPOOL_DIR STAFF_EMAIL. Prints one line `READY` when it takes mail.
import { defaultAccountPolicy } from '../../src/core/accounts/context.ts';
import { createOrganisation } from '../../src/core/accounts/organisations.ts';
import { ARGON2_MIN, generatePersonalKey } from '../../src/crypto/index.ts';
import { startSealpost, startSmsCatcher } from '../../test/e2e/harness.ts';

const [gatewayPort, nextHop, notifyUrl, spool, staff] = process.argv.slice(2);
if (!gatewayPort || !nextHop || !notifyUrl || !spool || !staff) throw new Error('usage: server.ts GATEWAY_PORT NEXT_HOP NOTIFY_SMTP_URL SPOOL_DIR STAFF_EMAIL');
const BENCH_STAFF = staff;
const BENCH_DOMAIN = staff.slice(staff.indexOf('@') + 1);

const sms = await startSmsCatcher();
const server = await startSealpost({
  smtpUrl: notifyUrl,
  smsUrl: sms.url,
  env: { GATEWAY_LISTEN: `127.0.0.1:${gatewayPort}`, GATEWAY_NEXT_HOP: nextHop, GATEWAY_SPOOL_DIR: spool },
});
const { runtime, clock } = server;
const accounts = { repos: runtime.repos, clock, secrets: runtime.transfers.secrets, policy: defaultAccountPolicy, publicUrl: server.url };
await createOrganisation(accounts, { name: 'Bench', domains: [BENCH_DOMAIN], adminEmail: BENCH_STAFF, settings: { agreements: { defaultLanguage: 'de' } } }, null);
const [user] = await runtime.repos.users.findByEmail(BENCH_STAFF);
const key = await generatePersonalKey({ password: 'a long and unusual passphrase 7', params: ARGON2_MIN });
await runtime.repos.users.update(user!.orgId, user!.id, { publicKey: key.recipient });

const stop = async (): Promise<void> => {
  await server.stop();
  await sms.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.stdout.write('READY\n');
