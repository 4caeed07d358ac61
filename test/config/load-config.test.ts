import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { renderSettingsTable } from '../../src/config/settings-table.ts';
import { isSealpostError } from '../../src/core/errors.ts';

const cwd = '/srv/sealpost';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ env, cwd });
  } catch (error) {
    if (isSealpostError(error, 'SP_ERR_CONFIG_INVALID')) return error.details as string[];
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('configuration', () => {
  it('starts embedded with sensible defaults and no settings at all', () => {
    const config = loadConfig({ env: {}, cwd });
    expect(config.mode).toBe('embedded');
    expect(config.http).toEqual({ host: '127.0.0.1', port: 8080, publicUrl: 'http://localhost:8080' });
    expect(config.database.sqliteFile).toBe('/srv/sealpost/data/sealpost.sqlite');
    expect(config.blobs.root).toBe('/srv/sealpost/data/blobs');
    expect(config.devMailbox).toBe(true);
    expect(config.sms.provider).toBe('dev');
  });

  it('names every invalid setting at once', () => {
    const problems = problemsOf({ PORT: 'eighty', LOG_LEVEL: 'chatty', SMTP_URL: 'http://relay' });
    expect(problems.map((p) => p.split(':')[0])).toEqual(expect.arrayContaining(['PORT', 'LOG_LEVEL', 'SMTP_URL']));
  });

  it('rejects unknown SEALPOST_* variables instead of ignoring a typo', () => {
    expect(problemsOf({ SEALPOST_PROT: '8080' })).toEqual(['SEALPOST_PROT: unknown setting']);
  });

  it('reads a JSON file, lets the environment win, and rejects unknown keys in it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sp-config-'));
    const file = path.join(dir, 'sealpost.json');
    writeFileSync(file, JSON.stringify({ PORT: 9000, MAIL_FROM: 'Praxis <a@praxis.de>', LOG_LEVEL: 'warn' }));
    const config = loadConfig({ env: { SEALPOST_CONFIG: file, LOG_LEVEL: 'debug' }, cwd });
    expect(config.http.port).toBe(9000);
    expect(config.mail.from).toBe('Praxis <a@praxis.de>');
    expect(config.logLevel).toBe('debug');

    writeFileSync(file, JSON.stringify({ PORT: 9000, SMTP_HOST: 'x' }));
    expect(problemsOf({ SEALPOST_CONFIG: file })).toEqual([`SMTP_HOST (in ${file}): unknown setting`]);
    writeFileSync(file, '{ not json');
    expect(problemsOf({ SEALPOST_CONFIG: file })[0]).toMatch(/^SEALPOST_CONFIG: cannot read .* as JSON/);
  });

  it('requires what a chosen SMS provider needs', () => {
    expect(problemsOf({ SMS_PROVIDER: 'webhook' })).toEqual(['SMS_WEBHOOK_URL: required when SMS_PROVIDER=webhook']);
    expect(problemsOf({ SMS_PROVIDER: 'twilio', TWILIO_FROM: '+4915112345678' })).toEqual([
      'TWILIO_ACCOUNT_SID: required when SMS_PROVIDER=twilio',
      'TWILIO_AUTH_TOKEN: required when SMS_PROVIDER=twilio',
    ]);
  });

  it('refuses production mode without a relay, an https public URL and a real SMS provider', () => {
    const problems = problemsOf({ DATABASE_URL: 'postgres://db/sealpost' });
    expect(problems.map((p) => p.split(':')[0])).toEqual(['SMTP_URL', 'PUBLIC_URL', 'ORG_DOMAINS', 'SMS_PROVIDER']);
    const config = loadConfig({
      env: {
        DATABASE_URL: 'postgres://db/sealpost',
        SMTP_URL: 'smtp://relay:587',
        PUBLIC_URL: 'https://secure.example.org/',
        SMS_PROVIDER: 'webhook',
        SMS_WEBHOOK_URL: 'https://sms.example.org/send',
        ORG_DOMAINS: 'praxis-muster.de, praxis-muster.com',
      },
      cwd,
    });
    expect(config.mode).toBe('production');
    expect(config.devMailbox).toBe(false);
    expect(config.http.publicUrl).toBe('https://secure.example.org');
  });

  it('turns the dev mailbox off when SMTP_URL is set, and says what SMS then needs', () => {
    const config = loadConfig({ env: { SMTP_URL: 'smtp://relay:587', SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: 'https://sms.example.org/send' }, cwd });
    expect(config.mode).toBe('embedded');
    expect(config.devMailbox).toBe(false);
    const problems = problemsOf({ SMTP_URL: 'smtp://relay:587' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^SMS_PROVIDER: .*SMTP_URL.*dev mailbox.*(webhook|twilio)/);
  });

  it('refuses the dev mailbox on a HOST others can reach, naming the setting and the fix', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'sealpost.example.org']) {
      const problems = problemsOf({ DEV_MAILBOX: 'true', HOST: host });
      expect(problems, host).toHaveLength(1);
      expect(problems[0], host).toMatch(/^DEV_MAILBOX: .*HOST.*127\.0\.0\.1/);
      // The default (embedded, no relay) would turn it on: refused as well, pointing to SMTP_URL.
      const byDefault = problemsOf({ HOST: host });
      expect(byDefault[0], host).toMatch(/^DEV_MAILBOX: .*SMTP_URL/);
    }
    for (const host of ['127.0.0.1', '127.0.0.2', '::1', '[::1]', 'localhost']) {
      expect(loadConfig({ env: { DEV_MAILBOX: 'true', HOST: host }, cwd }).devMailbox, host).toBe(true);
    }
    // A relay on a public host: no dev mailbox, nothing to refuse.
    const relay = { HOST: '0.0.0.0', SMTP_URL: 'smtp://relay:587', SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: 'https://sms.example.org/send' };
    expect(loadConfig({ env: relay, cwd }).devMailbox).toBe(false);
  });

  it('rejects a malformed SECRET_KEY with a hint how to make one', () => {
    expect(problemsOf({ SECRET_KEY: 'hunter2' })[0]).toMatch(/^SECRET_KEY: .*sealpost admin secret-key/);
  });

  it('documents every setting in the README table exactly as the schema says', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(renderSettingsTable());
  });
});
