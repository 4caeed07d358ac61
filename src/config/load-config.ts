import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SealpostError } from '../core/errors.ts';
import { buildConfig, devMailboxEnabled, isLoopbackHost, parseListen, type Config } from './config.ts';
import { mailFromProblem } from './mail-from.ts';
import { settings, type RawSettings, type SettingName } from './settings.ts';

export interface LoadConfigOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
}

const CONFIG_FILE_ENV = 'SEALPOST_CONFIG';
const byEnvName = new Map<string, SettingName>(Object.entries(settings).map(([name, spec]) => [spec.env, name as SettingName]));

/**
 * Reads settings from an optional JSON file (`SEALPOST_CONFIG`, keys are the environment variable names)
 * overlaid by the environment, validates all of them at once and fails with every problem named —
 * "in doubt, strict": an unknown key in the file or an unknown `SEALPOST_*` variable is an error, not a no-op.
 */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const problems: string[] = [];
  const input: Record<string, unknown> = {};

  const file = env[CONFIG_FILE_ENV];
  if (file) Object.assign(input, readConfigFile(path.resolve(cwd, file), problems));
  for (const key of Object.keys(env)) {
    if (key.startsWith('SEALPOST_') && key !== CONFIG_FILE_ENV) problems.push(`${key}: unknown setting`);
  }
  for (const [envName, name] of byEnvName) {
    const value = env[envName];
    if (value !== undefined && value !== '') input[name] = value;
  }

  const raw: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(settings)) {
    const result = spec.schema.safeParse(input[name]);
    if (result.success) raw[name] = result.data;
    // The schema's complaint, then what the setting is for, so the fix is in the message.
    else problems.push(`${spec.env}: ${result.error.issues.map((i) => i.message).join('; ')}. ${spec.description}`);
  }
  if (problems.length === 0) problems.push(...crossFieldProblems(raw as RawSettings));
  if (problems.length > 0) {
    throw new SealpostError('SP_ERR_CONFIG_INVALID', {
      message: `Invalid configuration:\n  - ${problems.join('\n  - ')}`,
      details: problems,
    });
  }
  return buildConfig(raw as RawSettings, cwd);
}

function readConfigFile(file: string, problems: string[]): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`${CONFIG_FILE_ENV}: cannot read ${file} as JSON (${(error as Error).message})`);
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push(`${CONFIG_FILE_ENV}: ${file} must contain a JSON object`);
    return {};
  }
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed)) {
    const name = byEnvName.get(key);
    if (!name) problems.push(`${key} (in ${file}): unknown setting`);
    else values[name] = typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
  }
  return values;
}

function crossFieldProblems(raw: RawSettings): string[] {
  const problems: string[] = [];
  if (raw.smsProvider === 'webhook' && !raw.smsWebhookUrl) problems.push('SMS_WEBHOOK_URL: required when SMS_PROVIDER=webhook');
  if (raw.smsProvider === 'twilio') {
    for (const [value, env] of [
      [raw.twilioAccountSid, 'TWILIO_ACCOUNT_SID'],
      [raw.twilioAuthToken, 'TWILIO_AUTH_TOKEN'],
      [raw.twilioFrom, 'TWILIO_FROM'],
    ] as const) {
      if (!value) problems.push(`${env}: required when SMS_PROVIDER=twilio`);
    }
  }
  if (raw.databaseUrl && !raw.smtpUrl && raw.devMailbox !== true) {
    problems.push('SMTP_URL: required in production mode (DATABASE_URL is set); set DEV_MAILBOX=true only for a test installation');
  }
  if (raw.databaseUrl && raw.devMailbox !== true && !raw.publicUrl?.startsWith('https://')) {
    problems.push('PUBLIC_URL: an https:// URL is required in production mode (links in notifications must use TLS)');
  }
  if (raw.databaseUrl && raw.orgDomains.length === 0 && raw.devMailbox !== true) {
    problems.push("ORG_DOMAINS: required in production mode, so strangers cannot use the server to reach strangers");
  }
  if (!raw.verificationMethods.includes(raw.defaultVerificationMethod)) {
    problems.push(
      `DEFAULT_VERIFICATION_METHOD: "${raw.defaultVerificationMethod}" is not among VERIFICATION_METHODS; ` +
        `set it to one of ${raw.verificationMethods.join(', ')} (or add ${raw.defaultVerificationMethod} to VERIFICATION_METHODS)`,
    );
  }
  const mailFrom = mailFromProblem(raw);
  if (mailFrom) problems.push(mailFrom);
  if (!raw.smtpUrl && raw.devMailbox === false) problems.push('SMTP_URL: required when DEV_MAILBOX=false (mail needs somewhere to go)');
  if (raw.databaseUrl && raw.smsProvider === 'dev' && raw.devMailbox !== true) {
    problems.push('SMS_PROVIDER: choose webhook or twilio in production mode; set DEV_MAILBOX=true only for a test installation');
  } else if (!raw.databaseUrl && raw.smtpUrl && raw.smsProvider === 'dev' && raw.devMailbox === undefined) {
    problems.push(
      'SMS_PROVIDER: with SMTP_URL set the dev mailbox is off, so SMS codes have nowhere to go; choose webhook or twilio ' +
        '(or set DEV_MAILBOX=true on a loopback HOST to catch SMS while trying Sealpost)',
    );
  }
  problems.push(...devMailboxHostProblems(raw));
  problems.push(...gatewayProblems(raw));
  return problems;
}

function gatewayProblems(raw: RawSettings): string[] {
  const problems: string[] = [];
  if (raw.gatewayListen && !raw.gatewayNextHop) {
    problems.push('GATEWAY_NEXT_HOP: required when GATEWAY_LISTEN is set (where the gateway re-injects mail, e.g. smtp://127.0.0.1:10026)');
  }
  if (raw.gatewayListen) {
    const { port } = parseListen(raw.gatewayListen);
    if (port < 1 || port > 65535) problems.push(`GATEWAY_LISTEN: port ${port} is outside 1..65535`);
  }
  if (raw.gatewayMaxHeaderBytes > raw.gatewayMaxMessageBytes) problems.push('GATEWAY_MAX_HEADER_BYTES: must not exceed GATEWAY_MAX_MESSAGE_BYTES');
  return problems;
}

/** The dev mailbox is unauthenticated and shows every link: never on an address others can reach. */
function devMailboxHostProblems(raw: RawSettings): string[] {
  if (!devMailboxEnabled(raw) || isLoopbackHost(raw.host)) return [];
  if (raw.devMailbox === true) {
    return [
      `DEV_MAILBOX: the dev mailbox shows every notification, links included, to anyone who reaches the server, so it is refused on HOST=${raw.host}; ` +
        'remove DEV_MAILBOX=true (and set SMTP_URL), or listen on HOST=127.0.0.1',
    ];
  }
  return [
    `DEV_MAILBOX: without SMTP_URL mail is caught by the dev mailbox, which shows every link to anyone who reaches the server, so it is refused on HOST=${raw.host}; ` +
      'set SMTP_URL to a mail relay, or listen on HOST=127.0.0.1 while trying Sealpost',
  ];
}
