import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
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

  it('puts the parts of object-store uploads in DATA_DIR/upload-parts unless UPLOAD_PART_DIR says where, bounded', () => {
    expect(loadConfig({ env: {}, cwd }).uploads).toEqual({
      stagingDir: '/srv/sealpost/data/uploads',
      partDir: '/srv/sealpost/data/upload-parts',
      partDirMaxBytes: 256 * 1024 ** 2,
    });
    const set = loadConfig({ env: { UPLOAD_PART_DIR: 'scratch/parts', UPLOAD_PART_DIR_MAX_BYTES: String(64 * 1024 ** 2) }, cwd }).uploads;
    expect(set).toMatchObject({ partDir: '/srv/sealpost/scratch/parts', partDirMaxBytes: 64 * 1024 ** 2 });
    expect(problemsOf({ UPLOAD_PART_DIR_MAX_BYTES: '1000' }).join('\n')).toMatch(/UPLOAD_PART_DIR_MAX_BYTES/);
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

  it('TRUST_PROXY takes a hop count or proxy addresses, and refuses `true` (it trusted the client-written entry)', () => {
    expect(loadConfig({ env: {}, cwd }).trustProxy).toBe(false);
    expect(loadConfig({ env: { TRUST_PROXY: 'false' }, cwd }).trustProxy).toBe(false);
    expect(loadConfig({ env: { TRUST_PROXY: '1' }, cwd }).trustProxy).toBe(1);
    expect(loadConfig({ env: { TRUST_PROXY: '2' }, cwd }).trustProxy).toBe(2);
    expect(loadConfig({ env: { TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,fd00::/8 loopback' }, cwd }).trustProxy).toEqual([
      '10.0.0.5', '10.1.0.0/16', 'fd00::/8', 'loopback',
    ]);
    expect(problemsOf({ TRUST_PROXY: 'true' })[0]).toMatch(/^TRUST_PROXY: `true` is no longer accepted.*number of proxies.*addresses/);
    expect(problemsOf({ TRUST_PROXY: '10.0.0.0/33' })[0]).toMatch(/^TRUST_PROXY: not a number of proxies, an IP address or a CIDR range: 10\.0\.0\.0\/33/);
    expect(problemsOf({ TRUST_PROXY: 'proxy.example.org' })).toHaveLength(1);
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
    expect(problems.map((p) => p.split(':')[0])).toEqual(['SMTP_URL', 'PUBLIC_URL', 'ORG_DOMAINS', 'MAIL_FROM', 'SMS_PROVIDER']);
    const config = loadConfig({
      env: {
        DATABASE_URL: 'postgres://db/sealpost',
        SMTP_URL: 'smtp://relay:587',
        MAIL_FROM: 'Praxis Muster <sealpost@praxis-muster.de>',
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

  describe('every refusal names the setting and what to set', () => {
    const production = {
      DATABASE_URL: 'postgres://db/sealpost',
      SMTP_URL: 'smtp://relay:587',
      PUBLIC_URL: 'https://secure.example.org/',
      SMS_PROVIDER: 'webhook',
      SMS_WEBHOOK_URL: 'https://sms.example.org/send',
      ORG_DOMAINS: 'praxis-muster.de',
    };

    it('MAIL_FROM left at its default (sealpost@localhost) in production mode', () => {
      expect(problemsOf(production)).toEqual([
        expect.stringMatching(/^MAIL_FROM: .*sealpost@localhost.*set MAIL_FROM to .*e\.g\. MAIL_FROM="/),
      ]);
      expect(problemsOf({ ...production, MAIL_FROM: 'Praxis <not an address>' })).toEqual([expect.stringMatching(/^MAIL_FROM: .*set MAIL_FROM to/)]);
      expect(loadConfig({ env: { ...production, MAIL_FROM: 'Praxis Muster <sealpost@praxis-muster.de>' }, cwd }).mail.from).toBe(
        'Praxis Muster <sealpost@praxis-muster.de>',
      );
      // The dev mailbox catches mail locally: the default is fine there.
      expect(loadConfig({ env: {}, cwd }).mail.from).toBe('Sealpost <sealpost@localhost>');
    });

    it('a value of the wrong shape says what the setting expects', () => {
      const [port, level] = problemsOf({ PORT: 'eighty', LOG_LEVEL: 'chatty' });
      expect(port).toMatch(/^PORT: .*TCP port the HTTP server listens on/);
      expect(level).toMatch(/^LOG_LEVEL: .*(trace|debug|info)/);
    });

    it('a default verification method outside the allowed ones names both settings and the allowed values', () => {
      expect(problemsOf({ VERIFICATION_METHODS: 'sms,code', DEFAULT_VERIFICATION_METHOD: 'email' })).toEqual([
        'DEFAULT_VERIFICATION_METHOD: "email" is not among VERIFICATION_METHODS; set it to one of sms, code (or add email to VERIFICATION_METHODS)',
      ]);
    });

    it('`sealpost serve` prints the MAIL_FROM refusal, not just "The configuration is invalid"', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'sp-serve-config-'));
      let stderr = '';
      const sink = new Writable({ write: (chunk: Buffer, _enc, done) => void ((stderr += chunk.toString()), done()) });
      // Embedded with a relay: the loader lets it through, the SMTP mailer refuses it at start.
      const sms = { SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: 'https://sms.example.org/send' };
      const env = { DATA_DIR: dir, PORT: '0', SMTP_URL: 'smtp://127.0.0.1:9', LOG_LEVEL: 'silent', ...sms };
      const code = await runCli(['serve'], { stdin: process.stdin, stdout: sink, stderr: sink, env, cwd: dir });
      expect(code).toBe(1);
      expect(stderr).toMatch(/MAIL_FROM: .*set MAIL_FROM to/);
      expect(stderr).not.toMatch(/^sealpost serve: The configuration is invalid$/m);
    });
  });

  it('documents every setting in the README table exactly as the schema says', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(renderSettingsTable());
  });
});
