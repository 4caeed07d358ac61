import path from 'node:path';
import type { RawSettings } from './settings.ts';
import type { TrustProxy } from './trust-proxy.ts';

/** The validated, resolved configuration every other layer receives. Built only by `loadConfig`. */
export interface Config {
  /** `production` once a real database is configured; `embedded` runs everything in one process. */
  mode: 'embedded' | 'production';
  http: { host: string; port: number; publicUrl: string };
  dataDir: string;
  database: { url?: string; sqliteFile: string; poolSize: number };
  blobs: { root: string };
  /** `STORAGE_URL`: blobs and erasable keys in an S3-compatible store instead of `blobs`/`erasableKeys` on disk. */
  objectStore?: { url: string; accessKeyId?: string; secretAccessKey?: string };
  /** The erasable key store (crypto-shredding of shares and outbox payloads); shared like the blobs. */
  erasableKeys: { dir: string };
  mail: { smtpUrl?: string; from: string; tls: { rejectUnauthorized: boolean; caFile?: string } };
  sms:
    | { provider: 'dev'; defaultCountry: string }
    | { provider: 'webhook'; defaultCountry: string; url: string; token?: string }
    | { provider: 'twilio'; defaultCountry: string; accountSid: string; authToken: string; from: string; baseUrl: string };
  devMailbox: boolean;
  /** base64url, 32 bytes; when absent the runtime generates one into the data dir. */
  secretKey?: string;
  transfers: {
    orgDomains: string[];
    defaultExpiryDays: number;
    maxExpiryDays: number;
    maxFileBytes: number;
    maxFilesPerTransfer: number;
    senderQuotaBytes: number;
    replyQuotaBytes: number;
    replyMaxFiles: number;
    allowedMethods: RawSettings['verificationMethods'];
    defaultMethod: RawSettings['defaultVerificationMethod'];
    defaultLanguage: RawSettings['defaultLanguage'];
    senderSessionDays: number;
    recipientSessionHours: number;
    draftTtlHours: number;
    sweepIntervalMs: number;
    smsLimits: { perPhonePerHour: number; perSenderPerHour: number; phoneIntervalMs: number; totalPerHour: number };
  };
  /**
   * `stagingDir`: partial uploads on local disk (blobs on local disk). `partDir`/`partDirMaxBytes`: with an object
   * store, where the parts of an upload pass on their way to the bucket, and how much of them may wait at once.
   */
  uploads: { stagingDir: string; partDir: string; partDirMaxBytes: number };
  /** How long a server process may hold an outbox item it is delivering before another process takes it over. */
  outbox: { leaseMs: number };
  /** Reverse proxies trusted for X-Forwarded-For (src/config/trust-proxy.ts). */
  trustProxy: TrustProxy;
  adminToken?: string;
  accounts: { lockoutThreshold: number };
  /** The mail gateway (issue 14, docs/gateway.md); absent when `GATEWAY_LISTEN` is unset. */
  gateway?: GatewayConfig;
  logLevel: RawSettings['logLevel'];
  shutdownTimeoutMs: number;
  shutdownDrainMs: number;
}

export interface GatewayConfig {
  listen: { host: string; port: number };
  /** smtp:// or smtps:// URL of the re-injection smtpd. */
  nextHop: string;
  subjectTags: string[];
  maxMessageBytes: number;
  maxHeaderBytes: number;
  /** For the MIME parser. */
  maxParts: number;
  maxDepth: number;
  parseTimeoutMs: number;
  spoolDir: string;
  maxConnections: number;
}

/** `host:port` (IPv6 in brackets) as GATEWAY_LISTEN's schema admits it. */
export function parseListen(value: string): { host: string; port: number } {
  const at = value.lastIndexOf(':');
  return { host: value.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port: Number(value.slice(at + 1)) };
}

function gatewayConfig(raw: RawSettings, cwd: string, dataDir: string): { gateway?: GatewayConfig } {
  if (!raw.gatewayListen || !raw.gatewayNextHop) return {};
  return {
    gateway: {
      listen: parseListen(raw.gatewayListen),
      nextHop: raw.gatewayNextHop,
      subjectTags: raw.gatewaySubjectTags,
      maxMessageBytes: raw.gatewayMaxMessageBytes,
      maxHeaderBytes: raw.gatewayMaxHeaderBytes,
      maxParts: raw.gatewayMaxParts,
      maxDepth: raw.gatewayMaxDepth,
      parseTimeoutMs: raw.gatewayParseTimeoutSeconds * 1000,
      spoolDir: raw.gatewaySpoolDir ? path.resolve(cwd, raw.gatewaySpoolDir) : path.join(dataDir, 'gateway-spool'),
      maxConnections: raw.gatewayMaxConnections,
    },
  };
}

/**
 * The dev mailbox shows every caught notification, link secrets included, to whoever opens the page. By
 * default it is on only where that is harmless: embedded mode with no relay (load-config.ts refuses it on
 * a HOST others can reach).
 */
export function devMailboxEnabled(raw: RawSettings): boolean {
  return raw.devMailbox ?? (!raw.databaseUrl && !raw.smtpUrl);
}

/** Only the machine itself can reach these: 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Turns flat validated settings into the structured config; cross-field rules live in `loadConfig`. */
export function buildConfig(raw: RawSettings, cwd: string): Config {
  const dataDir = path.resolve(cwd, raw.dataDir);
  const mode = raw.databaseUrl ? 'production' : 'embedded';
  const publicUrl = (raw.publicUrl ?? `http://localhost:${raw.port}`).replace(/\/+$/, '');
  const base = { defaultCountry: raw.smsDefaultCountry };
  let sms: Config['sms'];
  if (raw.smsProvider === 'webhook') {
    sms = { ...base, provider: 'webhook', url: raw.smsWebhookUrl ?? '', ...(raw.smsWebhookToken ? { token: raw.smsWebhookToken } : {}) };
  } else if (raw.smsProvider === 'twilio') {
    sms = {
      ...base,
      provider: 'twilio',
      accountSid: raw.twilioAccountSid ?? '',
      authToken: raw.twilioAuthToken ?? '',
      from: raw.twilioFrom ?? '',
      baseUrl: raw.twilioBaseUrl,
    };
  } else {
    sms = { ...base, provider: 'dev' };
  }
  return {
    mode,
    http: { host: raw.host, port: raw.port, publicUrl },
    dataDir,
    database: {
      ...(raw.databaseUrl ? { url: raw.databaseUrl } : {}),
      sqliteFile: path.join(dataDir, 'sealpost.sqlite'),
      poolSize: raw.databasePoolSize,
    },
    blobs: { root: path.join(dataDir, 'blobs') },
    ...(raw.storageUrl
      ? {
          objectStore: {
            url: raw.storageUrl,
            ...(raw.s3AccessKeyId ? { accessKeyId: raw.s3AccessKeyId } : {}),
            ...(raw.s3SecretAccessKey ? { secretAccessKey: raw.s3SecretAccessKey } : {}),
          },
        }
      : {}),
    erasableKeys: { dir: path.join(dataDir, 'keys') },
    mail: {
      ...(raw.smtpUrl ? { smtpUrl: raw.smtpUrl } : {}),
      from: raw.mailFrom,
      tls: {
        rejectUnauthorized: raw.smtpTlsRejectUnauthorized,
        ...(raw.smtpTlsCaFile ? { caFile: path.resolve(cwd, raw.smtpTlsCaFile) } : {}),
      },
    },
    sms,
    devMailbox: devMailboxEnabled(raw),
    ...(raw.secretKey ? { secretKey: raw.secretKey } : {}),
    transfers: {
      orgDomains: raw.orgDomains,
      defaultExpiryDays: Math.min(raw.defaultExpiryDays, raw.maxExpiryDays),
      maxExpiryDays: raw.maxExpiryDays,
      maxFileBytes: raw.maxFileBytes,
      maxFilesPerTransfer: raw.maxFilesPerTransfer,
      senderQuotaBytes: raw.senderQuotaBytes,
      replyQuotaBytes: raw.replyQuotaBytes,
      replyMaxFiles: raw.replyMaxFiles,
      allowedMethods: raw.verificationMethods,
      defaultMethod: raw.defaultVerificationMethod,
      defaultLanguage: raw.defaultLanguage,
      senderSessionDays: raw.senderVerificationDays,
      recipientSessionHours: 8,
      draftTtlHours: raw.incompleteUploadHours,
      sweepIntervalMs: raw.sweepIntervalSeconds * 1000,
      smsLimits: {
        perPhonePerHour: raw.smsCodesPerPhone,
        perSenderPerHour: raw.smsCodesPerSender,
        phoneIntervalMs: raw.smsCodeIntervalSeconds * 1000,
        totalPerHour: raw.smsCodesPerHour,
      },
    },
    uploads: {
      stagingDir: path.join(dataDir, 'uploads'),
      partDir: raw.uploadPartDir ? path.resolve(cwd, raw.uploadPartDir) : path.join(dataDir, 'upload-parts'),
      partDirMaxBytes: raw.uploadPartDirMaxBytes,
    },
    outbox: { leaseMs: raw.outboxLeaseSeconds * 1000 },
    trustProxy: raw.trustProxy,
    ...(raw.adminToken ? { adminToken: raw.adminToken } : {}),
    accounts: { lockoutThreshold: raw.accountLockoutThreshold },
    ...gatewayConfig(raw, cwd, dataDir),
    logLevel: raw.logLevel,
    shutdownTimeoutMs: raw.shutdownTimeoutMs,
    shutdownDrainMs: raw.shutdownDrainMs,
  };
}
