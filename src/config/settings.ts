import { z } from 'zod';
import { trustProxySchema } from './trust-proxy.ts';

/**
 * Every setting of Sealpost, in one place. Each entry names its environment variable, its schema and a
 * description; the README's configuration table is generated from this list (`npm run docs:config`) and a
 * test fails when the two drift apart.
 */
export interface SettingSpec {
  env: string;
  schema: z.ZodType;
  description: string;
  /** Shown in docs instead of the raw default (e.g. for derived defaults). */
  defaultText?: string;
  /** Secret values are never logged or printed. */
  secret?: boolean;
}

const booleanFromString = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])])
  .transform((v) => (typeof v === 'boolean' ? v : ['true', '1', 'yes'].includes(v)));

const port = z.coerce.number().int().min(0).max(65535);

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

export const settings = {
  port: { env: 'PORT', schema: port.default(8080), description: 'TCP port the HTTP server listens on.' },
  host: {
    env: 'HOST',
    schema: z.string().min(1).default('127.0.0.1'),
    description: 'Address to listen on. Use `0.0.0.0` behind a reverse proxy or in a container.',
  },
  publicUrl: {
    env: 'PUBLIC_URL',
    schema: httpUrl.optional(),
    defaultText: '`http://localhost:PORT`',
    description: 'External base URL used in links in notification e-mails. Must be https in production.',
  },
  dataDir: {
    env: 'DATA_DIR',
    schema: z.string().min(1).default('./data'),
    description: 'Folder for the embedded SQLite database, blobs on local disk and the generated secret key.',
  },
  storageUrl: {
    env: 'STORAGE_URL',
    schema: z.url({ protocol: /^s3$/, error: 'must be an s3:// URL' }).optional(),
    defaultText: 'local disk in `DATA_DIR`',
    description:
      'S3-compatible object store for the encrypted files and the erasable keys, shared by every server process: ' +
      '`s3://bucket?endpoint=https://s3.example.org&region=eu-central-1`, optionally with a path as object prefix ' +
      '(`s3://bucket/sealpost/`) and `pathStyle=false` for virtual-hosted buckets. Credentials from ' +
      '`AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` or the URL (`s3://KEY:SECRET@bucket?…`). See docs/operations.md.',
    secret: true,
  },
  s3AccessKeyId: {
    env: 'AWS_ACCESS_KEY_ID',
    schema: z.string().min(1).optional(),
    defaultText: "the SDK's default chain",
    description: 'With `STORAGE_URL`: access key of the object store (unless the URL carries one).',
  },
  s3SecretAccessKey: {
    env: 'AWS_SECRET_ACCESS_KEY',
    schema: z.string().min(1).optional(),
    defaultText: "the SDK's default chain",
    description: 'With `STORAGE_URL`: secret key of the object store (unless the URL carries one).',
    secret: true,
  },
  databaseUrl: {
    env: 'DATABASE_URL',
    schema: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }).optional(),
    defaultText: 'SQLite in `DATA_DIR`',
    description: 'PostgreSQL connection URL. Setting it switches Sealpost to production mode.',
    secret: true,
  },
  databasePoolSize: {
    env: 'DATABASE_POOL_SIZE',
    schema: z.coerce.number().int().min(1).max(200).default(10),
    description: 'Maximum PostgreSQL connections per server process.',
  },
  smtpUrl: {
    env: 'SMTP_URL',
    schema: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
    defaultText: 'dev mailbox',
    description:
      'Relay for outgoing mail, e.g. `smtp://user:pass@relay.example.org:587` (STARTTLS) or `smtps://…:465`. ' +
      'Without it, mail is caught by the dev mailbox.',
    secret: true,
  },
  smtpTlsRejectUnauthorized: {
    env: 'SMTP_TLS_REJECT_UNAUTHORIZED',
    schema: booleanFromString.default(true),
    description: "Verify the relay's TLS certificate. Turn off only for a relay on the same host.",
  },
  smtpTlsCaFile: {
    env: 'SMTP_TLS_CA_FILE',
    schema: z.string().min(1).optional(),
    description: "PEM file with the CA that signed the relay's certificate (private CAs).",
  },
  mailFrom: {
    env: 'MAIL_FROM',
    schema: z.string().min(3).default('Sealpost <sealpost@localhost>'),
    description: 'Sender of notification e-mails, e.g. `Praxis Dr. Muster <sealpost@praxis-muster.de>`.',
  },
  smsProvider: {
    env: 'SMS_PROVIDER',
    schema: z.enum(['dev', 'webhook', 'twilio']).default('dev'),
    description: '`dev` (caught by the dev mailbox), `webhook` (generic JSON POST) or `twilio`.',
  },
  smsWebhookUrl: {
    env: 'SMS_WEBHOOK_URL',
    schema: httpUrl.optional(),
    description: 'With `SMS_PROVIDER=webhook`: receives `POST {"to":"+31612345678","text":"…"}`.',
  },
  smsWebhookToken: {
    env: 'SMS_WEBHOOK_TOKEN',
    schema: z.string().min(1).optional(),
    description: 'With `SMS_PROVIDER=webhook`: sent as `Authorization: Bearer …`.',
    secret: true,
  },
  twilioAccountSid: {
    env: 'TWILIO_ACCOUNT_SID',
    schema: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC followed by 32 hex digits').optional(),
    description: 'With `SMS_PROVIDER=twilio`: the account SID.',
  },
  twilioAuthToken: {
    env: 'TWILIO_AUTH_TOKEN',
    schema: z.string().min(1).optional(),
    description: 'With `SMS_PROVIDER=twilio`: the auth token.',
    secret: true,
  },
  twilioFrom: {
    env: 'TWILIO_FROM',
    schema: z.string().min(1).optional(),
    description: 'With `SMS_PROVIDER=twilio`: sender number (E.164) or alphanumeric sender ID.',
  },
  twilioBaseUrl: {
    env: 'TWILIO_BASE_URL',
    schema: httpUrl.default('https://api.twilio.com'),
    description: "With `SMS_PROVIDER=twilio`: API base URL (change only for a regional edge or a test double).",
  },
  smsDefaultCountry: {
    env: 'SMS_DEFAULT_COUNTRY',
    schema: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter country code such as DE or NL').default('DE'),
    description: 'Country assumed for phone numbers typed without a +country prefix.',
  },
  secretKey: {
    env: 'SECRET_KEY',
    schema: z
      .string()
      .regex(/^[A-Za-z0-9_-]{43}$/, 'must be 32 random bytes in base64url (43 characters); see `sealpost admin secret-key`')
      .optional(),
    defaultText: 'generated into `DATA_DIR/secret.key`',
    description:
      'Key that seals link secrets in the mail outbox. Keep it outside the database (environment or secret store); ' +
      'all server processes must share it.',
    secret: true,
  },
  devMailbox: {
    env: 'DEV_MAILBOX',
    schema: booleanFromString.optional(),
    defaultText: 'on in embedded mode without `SMTP_URL`',
    description:
      'Catch outgoing mail and SMS in memory (lost at restart) and show them at `/dev/mailbox`, links included: only for trying Sealpost. ' +
      'Refused unless `HOST` is a loopback address.',
  },
  orgDomains: {
    env: 'ORG_DOMAINS',
    schema: z
      .string()
      .transform((v) => v.split(/[\s,;]+/).map((d) => d.trim().toLowerCase()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^(?=.{1,253}$)([a-z0-9](-*[a-z0-9])*\.)+[a-z]{2,63}$/, 'each domain must look like example.org')))
      .default([]),
    defaultText: 'none (anyone may send to anyone)',
    description:
      "The organisation's own mail domains, comma-separated. A message from a guest sender of no organisation then needs the sender or every recipient inside them " +
      "(or in an organisation's domains), so strangers cannot use the server to reach strangers. Organisations set their own rules in their workplace agreements (docs/agreements.md). Required in production mode.",
  },
  defaultExpiryDays: {
    env: 'DEFAULT_EXPIRY_DAYS',
    schema: z.coerce.number().int().min(1).max(3650).default(7),
    description: 'Days a message stays available when the sender does not choose (installation default of the workplace agreements).',
  },
  maxExpiryDays: {
    env: 'MAX_EXPIRY_DAYS',
    schema: z.coerce.number().int().min(1).max(3650).default(30),
    description: 'Longest expiry a sender may choose; the installation default of the workplace agreements (an organisation may only shorten it).',
  },
  maxFileBytes: {
    env: 'MAX_FILE_BYTES',
    schema: z.coerce.number().int().min(1024).max(2 ** 50).default(20 * 1024 ** 3),
    defaultText: '`21474836480` (20 GiB)',
    description: 'Largest encrypted file accepted for upload.',
  },
  maxFilesPerTransfer: {
    env: 'MAX_FILES_PER_TRANSFER',
    schema: z.coerce.number().int().min(1).max(10000).default(200),
    description: 'Most files in one message.',
  },
  senderQuotaBytes: {
    env: 'SENDER_QUOTA_BYTES',
    schema: z.coerce.number().int().min(1024).max(2 ** 53 - 1).default(50 * 1024 ** 3),
    defaultText: '`53687091200` (50 GiB)',
    description:
      "Most encrypted bytes one sender's unsent drafts and live (not yet deleted) messages may hold together. " +
      'Checked when a message is composed, before any byte is stored.',
  },
  replyQuotaBytes: {
    env: 'REPLY_QUOTA_BYTES',
    schema: z.coerce.number().int().min(1024).max(2 ** 53 - 1).default(2 * 1024 ** 3),
    defaultText: '`2147483648` (2 GiB)',
    description: "Most encrypted bytes one recipient's replies to a message may hold together (unsent and live), so a single reply too.",
  },
  replyMaxFiles: {
    env: 'REPLY_MAX_FILES',
    schema: z.coerce.number().int().min(0).max(10000).default(20),
    description: 'Most files in one reply.',
  },
  verificationMethods: {
    env: 'VERIFICATION_METHODS',
    schema: z
      .string()
      .transform((v) => v.split(/[\s,;]+/).filter(Boolean))
      .pipe(z.array(z.enum(['account', 'sms', 'code', 'email', 'none'])).min(1))
      .default(['account', 'sms', 'code', 'email', 'none']),
    defaultText: '`account,sms,code,email,none`',
    description:
      'Recipient verification methods senders may choose. `account` (the strongest) encrypts straight to a registered recipient\'s own key ' +
      '(docs/recipient-accounts.md). Remove `none` to forbid link-only messages. Organisations may narrow these in their workplace agreements.',
  },
  defaultVerificationMethod: {
    env: 'DEFAULT_VERIFICATION_METHOD',
    schema: z.enum(['sms', 'code', 'email', 'none']).default('email'),
    description: 'Method used when the sender chooses none and nothing is remembered for the address.',
  },
  defaultLanguage: {
    env: 'DEFAULT_LANGUAGE',
    schema: z.enum(['de', 'nl', 'en']).default('en'),
    description: 'Language of notifications when neither the sender nor an earlier message chose one.',
  },
  senderVerificationDays: {
    env: 'SENDER_VERIFICATION_DAYS',
    schema: z.coerce.number().int().min(1).max(365).default(30),
    description: 'How long a guest sender stays verified on one client before a new e-mail code is needed.',
  },
  incompleteUploadHours: {
    env: 'INCOMPLETE_UPLOAD_HOURS',
    schema: z.coerce.number().int().min(1).max(24 * 30).default(24),
    description: 'Unsent drafts and unfinished uploads are deleted after this many hours.',
  },
  uploadPartDir: {
    env: 'UPLOAD_PART_DIR',
    schema: z.string().min(1).optional(),
    defaultText: '`DATA_DIR/upload-parts`',
    description:
      'With an object store (`STORAGE_URL`): local folder where each part of a resumable upload waits while it is sent to the object store (the upload itself is staged in the bucket, so any server process can resume it).',
  },
  uploadPartDirMaxBytes: {
    env: 'UPLOAD_PART_DIR_MAX_BYTES',
    schema: z.coerce.number().int().min(5 * 1024 ** 2).max(2 ** 50).default(256 * 1024 ** 2),
    defaultText: '`268435456` (256 MiB)',
    description:
      'Most bytes `UPLOAD_PART_DIR` holds at once (at least one part: 16 MiB, more for files over 156 GiB). Uploads wait for room; a disk that is full anyway answers 503 and the client resumes.',
  },
  sweepIntervalSeconds: {
    env: 'SWEEP_INTERVAL_SECONDS',
    schema: z.coerce.number().int().min(1).max(86400).default(60),
    description: 'How often expired, recalled and abandoned content is deleted.',
  },
  outboxLeaseSeconds: {
    env: 'OUTBOX_LEASE_SECONDS',
    schema: z.coerce.number().int().min(10).max(86400).default(300),
    description:
      'How long a server process may take to deliver a mail or SMS it picked from the outbox before another process takes the item over. ' +
      'A process killed mid-delivery delays its items this long; one killed after the relay accepted a mail but before recording it makes that mail go out twice. ' +
      'Keep it well above the slowest relay answer.',
  },
  smsCodesPerPhone: {
    env: 'SMS_CODES_PER_PHONE',
    schema: z.coerce.number().int().min(1).max(1000).default(5),
    description: 'Verification codes sent by SMS to one phone number per hour, across all recipients and messages (SMS cost money).',
  },
  smsCodesPerSender: {
    env: 'SMS_CODES_PER_SENDER',
    schema: z.coerce.number().int().min(1).max(100_000).default(100),
    description: "Verification codes sent by SMS per hour for all messages of one sender address.",
  },
  smsCodesPerHour: {
    env: 'SMS_CODES_PER_HOUR',
    schema: z.coerce.number().int().min(1).max(1_000_000).default(1000),
    description: 'Verification codes sent by SMS per hour by the whole installation: a ceiling on what SMS can cost, however many senders and numbers take part.',
  },
  smsCodeIntervalSeconds: {
    env: 'SMS_CODE_INTERVAL_SECONDS',
    schema: z.coerce.number().int().min(1).max(3600).default(60),
    description: 'At most one code SMS to the same phone number within this many seconds (a fixed window).',
  },
  trustProxy: {
    env: 'TRUST_PROXY',
    schema: trustProxySchema.default(false),
    description:
      'Reverse proxies trusted to report the client address in X-Forwarded-For (used for rate limits and the audit trail): ' +
      '`false` (none), the number of proxies in front of Sealpost (e.g. `1`), or their addresses/CIDRs (e.g. `10.0.0.5,10.1.0.0/16`). ' +
      '`true` is refused: it would believe the left-most entry, which the client writes.',
  },
  adminToken: {
    env: 'ADMIN_TOKEN',
    schema: z.string().min(32, 'must be at least 32 characters').optional(),
    defaultText: 'admin API off',
    description: 'Bearer token for the admin API (security-notice rules, outbox status). Generate with `sealpost admin secret-key`.',
    secret: true,
  },
  accountLockoutThreshold: {
    env: 'ACCOUNT_LOCKOUT_THRESHOLD',
    schema: z.coerce.number().int().min(1).max(100).default(100),
    description:
      'Consecutive failed sign-ins after which a staff account locks until an admin unlocks it (NIST 800-63B: at most 100; docs/accounts.md).',
  },
  gatewayListen: {
    env: 'GATEWAY_LISTEN',
    schema: z
      .string()
      .regex(/^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:10025')
      .optional(),
    defaultText: 'no mail gateway',
    description:
      'Address (`host:port`) where the mail gateway listens for SMTP from Postfix (an after-queue `content_filter`, docs/gateway.md), e.g. `127.0.0.1:10025`. ' +
      'Only your own MTA may reach it: it has no authentication.',
  },
  gatewayNextHop: {
    env: 'GATEWAY_NEXT_HOP',
    schema: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
    defaultText: 'required with `GATEWAY_LISTEN`',
    description: "Where the gateway re-injects every mail it accepts (Postfix's second smtpd without the filter), e.g. `smtp://127.0.0.1:10026`.",
    secret: true,
  },
  gatewaySubjectTags: {
    env: 'GATEWAY_SUBJECT_TAGS',
    schema: z
      .string()
      .transform((v) => v.split(',').map((t) => t.trim()).filter(Boolean))
      .pipe(z.array(z.string().max(100)).min(1, 'name at least one tag'))
      .default(['(Auto)', '[secure]']),
    defaultText: '`(Auto),[secure]`',
    description: 'Comma-separated subject tags that make the gateway protect a mail; the tag is removed from the subject the recipient sees.',
  },
  gatewayMaxMessageBytes: {
    env: 'GATEWAY_MAX_MESSAGE_BYTES',
    schema: z.coerce.number().int().min(64 * 1024).max(2 ** 50).default(2 * 1024 ** 3),
    defaultText: '`2147483648` (2 GiB)',
    description: 'Largest mail the gateway accepts (advertised as SIZE, enforced while receiving: 552 5.3.4).',
  },
  gatewayMaxHeaderBytes: {
    env: 'GATEWAY_MAX_HEADER_BYTES',
    schema: z.coerce.number().int().min(1024).max(64 * 1024 ** 2).default(256 * 1024),
    defaultText: '`262144` (256 KiB)',
    description: "Largest header section of a mail the gateway accepts (552 5.3.4 above it).",
  },
  gatewayMaxParts: {
    env: 'GATEWAY_MAX_PARTS',
    schema: z.coerce.number().int().min(1).max(100_000).default(500),
    description: 'Most MIME parts in one mail the gateway parses (a mail with more is refused).',
  },
  gatewayMaxDepth: {
    env: 'GATEWAY_MAX_DEPTH',
    schema: z.coerce.number().int().min(1).max(1000).default(20),
    description: 'Deepest MIME nesting the gateway parses (a mail nested deeper is refused).',
  },
  gatewayParseTimeoutSeconds: {
    env: 'GATEWAY_PARSE_TIMEOUT_SECONDS',
    schema: z.coerce.number().int().min(1).max(86400).default(600),
    description: 'Longest time the gateway spends parsing one mail before it gives up (451: Postfix retries later).',
  },
  gatewaySpoolDir: {
    env: 'GATEWAY_SPOOL_DIR',
    schema: z.string().min(1).optional(),
    defaultText: '`DATA_DIR/gateway-spool`',
    description: 'Folder for the encrypted spool of mails the gateway is working on (emptied at start; nothing in it is readable without the process memory).',
  },
  gatewayMaxConnections: {
    env: 'GATEWAY_MAX_CONNECTIONS',
    schema: z.coerce.number().int().min(1).max(10_000).default(20),
    description: "Most simultaneous SMTP connections to the gateway (more are answered 421); keep it at or above Postfix's `sealpost_destination_concurrency_limit`.",
  },
  logLevel: {
    env: 'LOG_LEVEL',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    description: 'Minimum level of the JSON logs written to standard output.',
  },
  shutdownDrainMs: {
    env: 'SHUTDOWN_DRAIN_MS',
    schema: z.coerce.number().int().min(0).max(60_000).default(50),
    description: 'After SIGTERM, how long the server keeps answering (with /readyz at 503) before it stops accepting. Behind a load balancer, set it to the health-check interval so no request is sent to a closed port.',
  },
  shutdownTimeoutMs: {
    env: 'SHUTDOWN_TIMEOUT_MS',
    schema: z.coerce.number().int().min(0).max(600_000).default(25_000),
    description: 'How long a graceful shutdown waits for requests and jobs before it gives up.',
  },
} as const satisfies Record<string, SettingSpec>;

export type SettingName = keyof typeof settings;

export type RawSettings = { [K in SettingName]: z.output<(typeof settings)[K]['schema']> };
