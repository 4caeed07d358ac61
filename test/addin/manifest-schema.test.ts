// The generated manifest checked offline with libxml2's xmllint (Debian libxml2-utils): well-formed, the structure
// Outlook needs (XPath), and valid against Microsoft's published XSDs when they are vendored under
// test/fixtures/addin-schemas/ (see the README there for why they may be missing and where they come from).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderAddinManifest } from '../../src/core/addin/manifest.ts';
import { addinIdFor } from '../../src/crypto/addin-id.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'sealpost-manifest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const schemaDir = path.resolve('test/fixtures/addin-schemas');
const mainSchema = path.join(schemaDir, 'OfficeAppManifestV1_1.xsd');
const schemasVendored = existsSync(mainSchema);

function write(name: string, xml: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, xml);
  return file;
}

const manifest = renderAddinManifest({ id: addinIdFor(new Uint8Array(32).fill(1), 'https://mail.example.org'), publicUrl: 'https://mail.example.org', name: 'Sealpost <Example>' });
const file = write('manifest.xml', manifest);

function xpath(expression: string): string {
  const ns = [
    'setns o=http://schemas.microsoft.com/office/appforoffice/1.1',
    'setns v=http://schemas.microsoft.com/office/mailappversionoverrides',
    'setns w=http://schemas.microsoft.com/office/mailappversionoverrides/1.1',
    'setns bt=http://schemas.microsoft.com/office/officeappbasictypes/1.0',
    'setns xsi=http://www.w3.org/2001/XMLSchema-instance',
  ];
  const out = spawnSync('xmllint', ['--shell', file], { input: `${ns.join('\n')}\nxpath ${expression}\nbye\n`, encoding: 'utf8' });
  return out.stdout;
}

/** The attribute values of an xmllint shell node-set listing. */
const values = (listing: string): string[] => [...listing.matchAll(/content=(\S+)/g)].map((m) => m[1] as string);

describe('the add-in manifest (xmllint)', () => {
  it('is well-formed XML', () => {
    expect(() => execFileSync('xmllint', ['--noout', file], { stdio: 'pipe' })).not.toThrow();
  });

  it('xmllint rejects a broken manifest (the check can fail)', () => {
    const broken = write('broken.xml', manifest.replace('</Hosts>', ''));
    expect(spawnSync('xmllint', ['--noout', broken]).status).not.toBe(0);
  });

  it('has the compose and read buttons, the OnMessageSend event and both runtimes in VersionOverrides 1.1', () => {
    expect(xpath('string(/o:OfficeApp/@xsi:type)')).toContain('MailApp');
    expect(xpath('count(//w:VersionOverrides/w:Hosts/w:Host/w:DesktopFormFactor/w:ExtensionPoint)')).toContain('3');
    expect(xpath('string(//w:LaunchEvent/@SendMode)')).toContain('SoftBlock');
    expect(xpath('string(//w:Runtime/w:Override/@type)')).toContain('javascript');
    expect(xpath('string(//w:Requirements/bt:Sets/@DefaultMinVersion)')).toContain('1.12');
    expect(xpath('string(/o:OfficeApp/o:DisplayName/@DefaultValue)')).toContain('Sealpost <Example>');
    // Every resid used is defined once in the same VersionOverrides' Resources.
    for (const ns of ['v', 'w']) {
      const used = new Set(values(xpath(`//${ns}:VersionOverrides/${ns}:Hosts//@resid`)));
      const defined = values(xpath(`//${ns}:VersionOverrides/${ns}:Resources//@id`));
      expect(new Set(defined).size).toBe(defined.length);
      expect(used.size).toBeGreaterThan(3);
      for (const id of used) expect(defined).toContain(id);
    }
  });

  it.skipIf(!schemasVendored)('is valid against the published XSDs (test/fixtures/addin-schemas)', () => {
    const result = spawnSync('xmllint', ['--noout', '--schema', mainSchema, file], { encoding: 'utf8' });
    expect(result.stderr).toContain('validates');
    expect(result.status).toBe(0);
  });
});
