import { describe, expect, it } from 'vitest';
import { renderAddinManifest } from './manifest.ts';

const input = { id: '0f8fad5b-d9cb-469f-a165-70867728950e', publicUrl: 'https://mail.example.org/', name: 'Example & Co' };

describe('renderAddinManifest', () => {
  it('points every URL at the installation and escapes the name', () => {
    const xml = renderAddinManifest(input);
    expect(xml).toContain('<Id>0f8fad5b-d9cb-469f-a165-70867728950e</Id>');
    expect(xml).toContain('<DisplayName DefaultValue="Example &amp; Co"/>');
    expect(xml).toContain('<AppDomain>https://mail.example.org</AppDomain>');
    expect(xml).toContain('DefaultValue="https://mail.example.org/addin/taskpane.html"');
    expect(xml).toContain('DefaultValue="https://mail.example.org/addin/commands.js"');
    expect(xml).not.toContain('//addin');
    expect(xml).toContain('<LaunchEvent Type="OnMessageSend" FunctionName="onMessageSendHandler" SendMode="SoftBlock"/>');
    expect(xml).toContain('<bt:Sets DefaultMinVersion="1.12">');
    for (const locale of ['de-DE', 'nl-NL']) expect(xml).toContain(`Locale="${locale}"`);
  });

  it('keeps a path prefix of the public URL', () => {
    expect(renderAddinManifest({ ...input, publicUrl: 'https://example.org/sealpost' })).toContain('DefaultValue="https://example.org/sealpost/addin/commands.html"');
  });

  it('is the same bytes for the same input', () => {
    expect(renderAddinManifest(input)).toBe(renderAddinManifest(input));
  });

  it.each([
    [{ id: 'not-a-guid' }, /GUID/],
    [{ version: '1.0.beta' }, /version/],
    [{ name: '  ' }, /name/],
    [{ name: 'x'.repeat(126) }, /name/],
    [{ publicUrl: 'http://mail.example.org' }, /https/],
    [{ publicUrl: 'not a url' }, /not a URL/],
  ])('refuses %o', (change, message) => {
    expect(() => renderAddinManifest({ ...input, ...change })).toThrow(message);
  });

  it('allows http only on localhost (development)', () => {
    expect(renderAddinManifest({ ...input, publicUrl: 'http://localhost:8080' })).toContain('http://localhost:8080/addin/taskpane.html');
  });
});
