import path from 'node:path';
import type { RawSettings } from './settings.ts';

/** The validated, resolved configuration every other layer receives. Built only by `loadConfig`. */
export interface Config {
  /** `production` once a real database is configured; `embedded` runs everything in one process. */
  mode: 'embedded' | 'production';
  http: { host: string; port: number; publicUrl: string };
  dataDir: string;
  database: { url?: string; sqliteFile: string; poolSize: number };
  blobs: { root: string };
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
  };
  uploads: { stagingDir: string };
  trustProxy: boolean;
  adminToken?: string;
  logLevel: RawSettings['logLevel'];
  shutdownTimeoutMs: number;
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
    mail: {
      ...(raw.smtpUrl ? { smtpUrl: raw.smtpUrl } : {}),
      from: raw.mailFrom,
      tls: {
        rejectUnauthorized: raw.smtpTlsRejectUnauthorized,
        ...(raw.smtpTlsCaFile ? { caFile: path.resolve(cwd, raw.smtpTlsCaFile) } : {}),
      },
    },
    sms,
    devMailbox: raw.devMailbox ?? mode === 'embedded',
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
    },
    uploads: { stagingDir: path.join(dataDir, 'uploads') },
    trustProxy: raw.trustProxy,
    ...(raw.adminToken ? { adminToken: raw.adminToken } : {}),
    logLevel: raw.logLevel,
    shutdownTimeoutMs: raw.shutdownTimeoutMs,
  };
}
