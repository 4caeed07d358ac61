import { describe, expect, it } from 'vitest';
import { isSealpostError } from '../errors.ts';
import { mailTemplates } from './mail-templates.ts';
import type { MailTemplateName, MailTemplateVars } from './mail-templates.ts';
import { renderMail, renderSms } from './render.ts';
import { supportedLanguages } from './languages.ts';

const expiresAt = new Date('2025-12-31T13:00:00Z');
const link = 'https://sealpost.example/r/abc#secret';

/** One valid example per template: a new template without an example fails the type check here. */
const examples: { [N in MailTemplateName]: MailTemplateVars<N> } = {
  senderVerificationCode: { code: '482 913', expiresInMinutes: 10 },
  recipientVerificationCode: { code: '482913', expiresInMinutes: 10, senderName: 'Jan Jansen' },
  newMessage: {
    senderName: 'Jan Jansen', senderAddress: 'jan@zorg.example', subject: 'Uitslag onderzoek', customText: 'Zie bijlage.\nGroet, Jan',
    files: [{ name: 'uitslag.pdf', size: 1_500_000 }, { name: 'scan.jpg', size: 820 }], expiresAt, link, verification: 'sms-code',
    maskedPhone: '+31 6 ••• ••• 78', timeZone: 'Europe/Amsterdam',
    support: { orgName: 'Praxis Jansen', email: 'hulp@zorg.example', phone: '+31 20 123 4567' },
  },
  recipientActivity: { event: 'downloaded', recipient: 'anna@example.nl', subject: 'Uitslag', at: expiresAt, link },
  lockoutNotice: { recipient: 'anna@example.nl', at: expiresAt, link },
  replyReceived: { recipient: 'Anna de Vries', subject: 'Re: Uitslag', link },
  withdrawn: { senderName: 'Jan Jansen', senderAddress: 'jan@zorg.example' },
  staffInvitation: { orgName: 'Praxis Dr. Jansen', link: 'https://sealpost.example/#/invitation/abc', expiresAt },
  recipientAccountCode: { code: '482913', expiresInMinutes: 10, purpose: 'reset' },
  recipientAccountNotice: { case: 'exists' },
  recipientRegistered: { recipient: 'anna@example.nl' },
  recipientKeyLost: { recipient: 'anna@example.nl', count: 2, link: 'https://sealpost.example/sent/abc' },
  gatewayHeldRecipient: { senderName: 'Jan Jansen', senderAddress: 'jan@zorg.example', link: 'https://sealpost.example/inbox/register?email=anna%40example.nl', expiresAt, timeZone: 'Europe/Amsterdam' },
  gatewayHeldSender: { event: 'waiting', recipient: 'anna@example.nl', subject: 'Uitslag', expiresAt },
  gatewaySent: {
    subject: 'Befund (Auto)', link: 'https://sealpost.example/sent/abc', notifyOnOpen: true,
    recipients: [
      { recipient: 'a@example.de', format: 'smime' }, { recipient: 'b@example.de', format: 'pgp' }, { recipient: 'c@example.de', format: 'pdf' },
      { recipient: 'd@example.de', format: 'portal', method: 'code', accessCode: 'ABCD-EFGH-JKMN' },
      { recipient: 'e@example.de', format: 'portal', method: 'sms', maskedPhone: '+49 170 ••• ••67' },
    ],
  },
  gatewayPdf: { subject: 'Befund', senderName: 'Łukasz Müller', senderAddress: 'lukasz@praxis.example', replyUrl: 'https://sealpost.example/#/reply/abc' },
};

function errorOf(fn: () => unknown): { code?: string; details?: unknown } {
  try {
    fn();
  } catch (error) {
    return isSealpostError(error) ? { code: error.code, details: error.details } : { code: String(error) };
  }
  return {};
}

describe('renderMail', () => {
  it('renders every registered template in every language as subject, text and HTML', () => {
    expect(Object.keys(examples).sort()).toEqual(Object.keys(mailTemplates).sort());
    for (const name of Object.keys(mailTemplates) as MailTemplateName[]) {
      for (const lang of supportedLanguages) {
        const mail = renderMail(name, lang, examples[name] as never);
        expect(mail.lang).toBe(lang);
        expect(mail.subject).toMatch(/^[^\r\n\0]{5,}$/);
        expect(mail.text.length).toBeGreaterThan(20);
        expect(mail.html).toMatch(new RegExp(`^<!DOCTYPE html>\\n<html lang="${lang}">`));
      }
    }
  });

  it('renders the new-message notification with files, expiry, link and how to verify', () => {
    const mail = renderMail('newMessage', 'nl', examples.newMessage);
    expect(mail.subject).toBe('Uitslag onderzoek');
    expect(mail.text).toContain('Jan Jansen (jan@zorg.example) heeft u een beveiligd bericht gestuurd.');
    expect(mail.text).toContain('> Zie bijlage.\n> Groet, Jan');
    expect(mail.text).toContain('- uitslag.pdf (1,5 MB)');
    expect(mail.text).toContain('- scan.jpg (820 byte)');
    expect(mail.text).toContain('31 december 2025');
    expect(mail.text).toContain('14:00'); // Amsterdam is UTC+1 in winter
    expect(mail.text).toContain(`Beveiligd bericht openen:\n${link}`);
    expect(mail.text).toContain('per sms op +31 6 ••• ••• 78');
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.html).toContain('Zie bijlage.<br>Groet, Jan');
  });

  it('formats dates and sizes for each language', () => {
    const vars = { ...examples.newMessage, timeZone: 'Europe/Berlin' };
    expect(renderMail('newMessage', 'de', vars).text).toMatch(/31\. Dezember 2025.*14:00/);
    expect(renderMail('newMessage', 'de', vars).text).toContain('uitslag.pdf (1,5 MB)');
    expect(renderMail('newMessage', 'en', vars).text).toMatch(/31 December 2025.*14:00/);
    expect(renderMail('newMessage', 'en', vars).text).toContain('uitslag.pdf (1.5 MB)');
    expect(renderMail('newMessage', 'en', { ...vars, timeZone: undefined }).text).toMatch(/13:00 UTC/);
  });

  it('hides file names when the sender asked, showing only count and total size', () => {
    const mail = renderMail('newMessage', 'en', { ...examples.newMessage, hideFileNames: true });
    for (const part of [mail.text, mail.html]) {
      expect(part).not.toContain('uitslag.pdf');
      expect(part).not.toContain('scan.jpg');
      expect(part).toContain('2 files (1.5 MB in total) are attached.');
    }
  });

  it('escapes every interpolated value in the HTML, keeps it verbatim in the text', () => {
    const evil = '<script>alert(1)</script> & "quotes" \'single\'';
    const mail = renderMail('newMessage', 'en', {
      ...examples.newMessage, senderName: evil, customText: `<img src=x onerror=alert(1)>`, files: [{ name: '<b>x</b>.pdf', size: 1 }],
      link: 'https://sealpost.example/r/a?x="><script>',
    });
    expect(mail.html).not.toMatch(/<script|<img|<b>/);
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;single&#39;');
    expect(mail.html).toContain('href="https://sealpost.example/r/a?x=%22%3E%3Cscript%3E"');
    expect(mail.text).toContain(evil);
  });

  it('keeps a sender-chosen subject on one line', () => {
    const mail = renderMail('newMessage', 'en', { ...examples.newMessage, subject: 'Line one\r\nBcc: evil@attacker.test\0' });
    expect(mail.subject).toBe('Line one Bcc: evil@attacker.test');
  });

  it('accepts vars that went through JSON (an outbox row), dates as strings', () => {
    const roundTripped = JSON.parse(JSON.stringify(examples.newMessage)) as MailTemplateVars<'newMessage'>;
    expect(renderMail('newMessage', 'de', roundTripped)).toEqual(renderMail('newMessage', 'de', examples.newMessage));
  });

  it('falls back to English for unsupported languages and understands regional tags', () => {
    expect(renderMail('withdrawn', 'fr', examples.withdrawn).lang).toBe('en');
    expect(renderMail('withdrawn', '', examples.withdrawn).lang).toBe('en');
    expect(renderMail('withdrawn', 'de-AT', examples.withdrawn).lang).toBe('de');
    expect(renderMail('withdrawn', 'nl_BE', examples.withdrawn).subject).toContain('ingetrokken');
  });

  it('refuses invalid vars, unsafe links, unknown time zones and unknown templates', () => {
    expect(errorOf(() => renderMail('newMessage', 'en', { ...examples.newMessage, link: 'javascript:alert(1)' }))).toEqual({
      code: 'SP_ERR_VALIDATION', details: { template: 'newMessage', fields: ['link'] },
    });
    expect(errorOf(() => renderMail('newMessage', 'en', { ...examples.newMessage, timeZone: 'Mars/Olympus' })).code).toBe('SP_ERR_VALIDATION');
    expect(errorOf(() => renderMail('newMessage', 'en', { ...examples.newMessage, expiresAt: 'soon' })).code).toBe('SP_ERR_VALIDATION');
    expect(errorOf(() => renderMail('senderVerificationCode', 'en', { code: '<b>', expiresInMinutes: 10 })).code).toBe('SP_ERR_VALIDATION');
    expect(errorOf(() => renderMail('withdrawn', 'en', { ...examples.withdrawn, extra: 1 } as never)).code).toBe('SP_ERR_VALIDATION');
    expect(errorOf(() => renderMail('toString' as never, 'en', {} as never))).toEqual({
      code: 'SP_ERR_VALIDATION', details: { template: 'toString' },
    });
  });
});

describe('renderSms', () => {
  it('renders the code SMS in every language', () => {
    expect(renderSms('recipientCode', 'de', { code: '482913', expiresInMinutes: 10 })).toBe(
      'Ihr Sealpost-Code: 482913. 10 Minuten gültig. Geben Sie ihn niemals weiter.',
    );
    expect(renderSms('recipientCode', 'nl-NL', { code: '482913', expiresInMinutes: 5 })).toContain('482913');
    expect(renderSms('recipientCode', 'xx', { code: '482913', expiresInMinutes: 5 })).toMatch(/^Your Sealpost code: 482913/);
    expect(errorOf(() => renderSms('recipientCode', 'en', { code: '1', expiresInMinutes: 5 })).code).toBe('SP_ERR_VALIDATION');
  });
});
