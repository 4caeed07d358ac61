// Recipients' S/MIME certificates and OpenPGP keys made by the real tools (openssl, gpg) for tests, never fixtures:
// what an admin imports is what these tools produce.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificate { pem: string; der: Uint8Array; keyPem: string }

export interface CertificateOptions {
  /** SAN rfc822Name entries. */
  sanEmails?: string[];
  /** The subject's emailAddress attribute. */
  subjectEmail?: string;
  key?: 'rsa' | 'ec' | 'ed25519';
  /** openssl keyUsage value, e.g. "digitalSignature" (default: what the key type needs to encrypt). */
  keyUsage?: string;
  extendedKeyUsage?: string;
  /** Validity as YYYYMMDDHHMMSSZ; without them, from now for `days`. */
  startDate?: string;
  endDate?: string;
  days?: number;
}

function inTemp<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'sp-keys-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function keyArgs(key: CertificateOptions['key']): string[] {
  if (key === 'rsa') return ['-newkey', 'rsa:2048'];
  if (key === 'ed25519') return ['-newkey', 'ed25519'];
  return ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
}

/** A self-signed certificate (openssl req -x509, or openssl ca -selfsign when the dates are given). */
export function makeCertificate(o: CertificateOptions = {}): TestCertificate {
  return inTemp((dir) => {
    const subject = `/CN=Test Recipient${o.subjectEmail ? `/emailAddress=${o.subjectEmail}` : ''}`;
    const usage = o.keyUsage ?? (o.key === 'rsa' ? 'digitalSignature,keyEncipherment' : o.key === 'ed25519' ? 'digitalSignature' : 'digitalSignature,keyAgreement');
    const ext = [
      ...(o.sanEmails?.length ? ['-addext', `subjectAltName=${o.sanEmails.map((e) => `email:${e}`).join(',')}`] : []),
      '-addext', `keyUsage=${usage}`,
      ...(o.extendedKeyUsage ? ['-addext', `extendedKeyUsage=${o.extendedKeyUsage}`] : []),
    ];
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    if (o.startDate || o.endDate) {
      const csr = join(dir, 'req.csr');
      execFileSync('openssl', ['req', '-new', ...keyArgs(o.key), '-nodes', '-keyout', key, '-out', csr, '-subj', subject, ...ext], { stdio: 'pipe' });
      writeFileSync(join(dir, 'index.txt'), '');
      writeFileSync(join(dir, 'serial'), '1000\n');
      writeFileSync(join(dir, 'ca.cnf'), [
        '[ca]', 'default_ca = test_ca', '[test_ca]', `dir = ${dir}`, `database = ${dir}/index.txt`, `new_certs_dir = ${dir}`,
        `serial = ${dir}/serial`, 'default_md = sha256', 'policy = any', 'copy_extensions = copy', 'unique_subject = no', 'email_in_dn = yes',
        '[any]', 'commonName = supplied', 'emailAddress = optional', '',
      ].join('\n'));
      execFileSync('openssl', ['ca', '-batch', '-config', join(dir, 'ca.cnf'), '-selfsign', '-keyfile', key, '-in', csr, '-out', cert, '-notext',
        '-startdate', o.startDate ?? '20200101000000Z', '-enddate', o.endDate ?? '20991231000000Z'], { stdio: 'pipe' });
    } else {
      execFileSync('openssl', ['req', '-x509', ...keyArgs(o.key), '-nodes', '-keyout', key, '-out', cert, '-days', String(o.days ?? 365), '-subj', subject, ...ext], { stdio: 'pipe' });
    }
    const pem = readFileSync(cert, 'utf8');
    const der = execFileSync('openssl', ['x509', '-in', cert, '-outform', 'DER']);
    return { pem, der: new Uint8Array(der), keyPem: readFileSync(key, 'utf8') };
  });
}

export interface TestPgpKey { publicArmored: string; secretArmored: string; fingerprint: string }

export interface PgpKeyOptions {
  /** e.g. 'Ann <ann@example.org>'. */
  userIds: string[];
  /** gpg --quick-gen-key algorithm (default: ed25519 primary with a cv25519 encryption subkey). */
  algo?: string;
  /** "sign" leaves out the encryption subkey. */
  usage?: 'default' | 'sign';
  /** gpg expiry, e.g. "1y", "never". */
  expire?: string;
  /** gpg --faked-system-time, e.g. "20200101T000000" (for an already expired key). */
  fakedTime?: string;
}

/** A key made by gpg --batch --quick-gen-key in a throw-away home, exported armored. */
export function makePgpKey(o: PgpKeyOptions): TestPgpKey {
  return inTemp((home) => {
    try {
      return gpgKey(home, o);
    } finally {
      // The agent gpg started for this home would outlive the test otherwise.
      execFileSync('gpgconf', ['--homedir', home, '--kill', 'gpg-agent'], { stdio: 'ignore' });
    }
  });
}

function gpgKey(home: string, o: PgpKeyOptions): TestPgpKey {
  {
    const gpg = (args: string[]) => execFileSync('gpg', ['--homedir', home, '--batch', '--pinentry-mode', 'loopback', '--passphrase', '', ...(o.fakedTime ? ['--faked-system-time', `${o.fakedTime}!`] : []), ...args], { stdio: ['ignore', 'pipe', 'pipe'] }).toString('utf8');
    const [first, ...more] = o.userIds;
    gpg(['--quick-gen-key', first!, o.algo ?? 'ed25519', 'sign', o.expire ?? '1y']);
    const fingerprint = /^fpr:+([0-9A-F]+):/mu.exec(gpg(['--with-colons', '--list-keys', first!]))![1]!;
    if (o.usage !== 'sign') gpg(['--quick-add-key', fingerprint, o.algo === undefined ? 'cv25519' : 'default', 'encr', o.expire ?? '1y']);
    for (const uid of more) gpg(['--quick-add-uid', fingerprint, uid]);
    return { publicArmored: gpg(['--export', '--armor', fingerprint]), secretArmored: gpg(['--export-secret-keys', '--armor', fingerprint]), fingerprint: fingerprint.toLowerCase() };
  }
}
