// Large attachments in Node: the send decision per threshold and the links block put into the mail.
import { describe, expect, it } from 'vitest';
import { translator } from '../../addin/src/i18n.ts';
import type { AttachmentDetails, Callback, MailboxItem } from '../../addin/src/office.ts';
import { linksBlock, replaceWithLinks, withBlock } from '../../addin/src/large-attachments.ts';
import { composePaneCommandId, decideOnSend } from '../../addin/src/on-send.ts';
import { defaultRuleSet } from '../../src/core/dlp/rule-set.ts';
import { fakeItem } from './unit-fakes.ts';

describe('decideOnSend with large attachments (the agreement largeAttachmentMiB)', () => {
  const session = { token: 'tok', email: 'staff@praxis.example' };
  const MIB = 1024 * 1024;
  /** A server answering the rules (no notices for this text) and the agreements with the given threshold. */
  function server(largeAttachmentMiB: number | undefined, options: { agreementsStatus?: number } = {}) {
    const asked: string[] = [];
    const fetchImpl = ((url: string) => {
      asked.push(url);
      if (url === '/api/security-notices/rules') return Promise.resolve(Response.json(defaultRuleSet));
      if (options.agreementsStatus) return Promise.resolve(new Response('{}', { status: options.agreementsStatus }));
      return Promise.resolve(Response.json({ alwaysSecureDomains: [], ...(largeAttachmentMiB === undefined ? {} : { largeAttachmentMiB }) }));
    }) as typeof fetch;
    return { asked, fetchImpl };
  }
  function withAttachments(attachments: AttachmentDetails[], props: Record<string, unknown> = {}) {
    const fake = fakeItem({ props });
    fake.item.body = { getAsync: (_t, cb) => cb({ status: 'succeeded', value: 'Hallo, anbei die Dateien.' }) };
    fake.item.to = { getAsync: (cb) => cb({ status: 'succeeded', value: [{ displayName: 'K', emailAddress: 'kollege@praxis.example' }] }) };
    fake.item.cc = { getAsync: (cb) => cb({ status: 'succeeded', value: [] }) };
    fake.item.getAttachmentsAsync = (cb) => cb({ status: 'succeeded', value: attachments });
    return fake;
  }
  const file = (id: string, name: string, size: number, more: Partial<AttachmentDetails> = {}): AttachmentDetails => ({ id, name, size, isInline: false, attachmentType: 'file', ...more });

  it('stops once naming the file and the limit, offers the pane, and lets the same mail go on the second Send', async () => {
    const { fetchImpl } = server(20);
    const { item } = withAttachments([file('a1', 'roentgen.dcm', 25 * MIB), file('a2', 'brief.pdf', 100_000)]);
    const first = await decideOnSend(item, 'gateway', 'en-US', { session, fetchImpl });
    expect(first).toMatchObject({ allowEvent: false, cancelLabel: 'Open Sealpost', commandId: composePaneCommandId });
    expect(first.errorMessage).toContain('larger than 20 MiB');
    expect(first.errorMessage).toContain('roentgen.dcm (26.2 MB)');
    expect(first.errorMessage).not.toContain('brief.pdf');
    expect(await decideOnSend(item, 'gateway', 'en-US', { session, fetchImpl })).toEqual({ allowEvent: true });
  });

  it('stops again for a new large file, in the user’s language; also with “Send securely” off in end-to-end mode', async () => {
    const { fetchImpl } = server(20);
    const { item } = withAttachments([file('a1', 'a.bin', 21 * MIB)], { sealpostLargeAck: ['b.bin:1'] });
    const decision = await decideOnSend(item, 'end-to-end', 'de-DE', { session, fetchImpl });
    expect(decision).toMatchObject({ allowEvent: false, cancelLabel: 'Sealpost öffnen' });
    expect(decision.errorMessage).toContain('größer als 20 MiB');
  });

  it.each([
    ['exactly at the threshold (the gateway counts strictly larger)', 20, [file('a1', 'x.bin', 20 * MIB)]],
    ['the threshold is 0 (never)', 0, [file('a1', 'x.bin', 500 * MIB)]],
    ['an inline image', 20, [file('a1', 'x.png', 25 * MIB, { isInline: true })]],
    ['a cloud attachment (already a link; no bytes in the mail)', 20, [file('a1', 'Akte.docx', 25 * MIB, { attachmentType: 'cloud' })]],
    ['an older server without the agreement', undefined, [file('a1', 'x.bin', 25 * MIB)]],
  ])('lets the mail go for %s', async (_what, threshold, attachments) => {
    const { fetchImpl } = server(threshold);
    expect(await decideOnSend(withAttachments(attachments).item, 'gateway', 'en-US', { session, fetchImpl })).toEqual({ allowEvent: true });
  });

  it('with “Send securely” on in gateway mode the gateway makes the links: no stop, the header is set', async () => {
    const { fetchImpl } = server(20);
    const { item, headers } = withAttachments([file('a1', 'x.bin', 25 * MIB)], { sealpostSecure: true });
    expect(await decideOnSend(item, 'gateway', 'en-US', { session, fetchImpl })).toEqual({ allowEvent: true });
    expect(headers).toEqual({ 'X-Sealpost-Secure': '1' });
  });

  it('SoftBlock: lets the mail go when not signed in, when the agreements fail, or when the time budget runs out', async () => {
    const attachments = [file('a1', 'x.bin', 25 * MIB)];
    expect(await decideOnSend(withAttachments(attachments).item, 'gateway', 'en-US', {})).toEqual({ allowEvent: true });
    const failing = server(20, { agreementsStatus: 500 });
    expect(await decideOnSend(withAttachments(attachments).item, 'gateway', 'en-US', { session, fetchImpl: failing.fetchImpl })).toEqual({ allowEvent: true });
    const hanging = (() => new Promise<Response>(() => undefined)) as typeof fetch;
    expect(await decideOnSend(withAttachments(attachments).item, 'gateway', 'en-US', { session, fetchImpl: hanging, budgetMs: 1 })).toEqual({ allowEvent: true });
  });

  it('a long list is cut to Smart Alerts’ 500 characters', async () => {
    const { fetchImpl } = server(1);
    const many = Array.from({ length: 40 }, (_, i) => file(`a${i}`, `ein-recht-langer-dateiname-${i}.pdf`, 2 * MIB));
    const decision = await decideOnSend(withAttachments(many).item, 'gateway', 'en-US', { session, fetchImpl });
    expect(decision.allowEvent).toBe(false);
    expect(decision.errorMessage?.length).toBeLessThanOrEqual(500);
    expect(decision.errorMessage).toContain('ein-recht-langer-dateiname-0.pdf');
  });
});

describe('the links block put into the mail (large-attachments.ts)', () => {
  const content = {
    files: [{ name: '<b>scan</b>.pdf', size: 26_214_407 }],
    links: [{ email: 'erika@example.net', method: 'code', link: 'https://sp.example/r/abc#s"x' }, { email: 'bob@example.org', method: 'sms', link: 'https://sp.example/r/def#t' }],
    expiresAt: '2026-12-14T10:00:00.000Z',
  };

  it('lists the files and one link per recipient with how it opens; every value is escaped', () => {
    const html = linksBlock(content, translator('en'), 'en');
    expect(html).toContain('&lt;b&gt;scan&lt;/b&gt;.pdf (26.2 MB)');
    expect(html).toContain('Download for erika@example.net: <a href="https://sp.example/r/abc#s&quot;x">');
    expect(html).toContain('Opens with an access code the sender gives the recipient by phone.');
    expect(html).toContain('Opens with a code Sealpost sends to the recipient’s mobile phone by SMS.');
    expect(html).toContain('The links work until December 14, 2026. Each one is for its recipient only.');
    expect(html).not.toContain('<b>');
  });

  it('goes at the top of the body, inside <body> when there is one', () => {
    expect(withBlock('<html><body class="x"><p>Hallo</p></body></html>', '<div>L</div>')).toBe('<html><body class="x"><div>L</div><p>Hallo</p></body></html>');
    expect(withBlock('<p>Hallo</p>', '<div>L</div>')).toBe('<div>L</div><p>Hallo</p>');
  });

  function linkItem(options: { noSetBody?: boolean; noRemove?: boolean }) {
    const state = { html: '<p>Hallo</p>', attachments: ['a1', 'a2'] };
    const item: MailboxItem = {
      itemType: 'message',
      subject: 's',
      body: {
        getAsync: (_t, cb) => cb({ status: 'succeeded', value: state.html }),
        ...(options.noSetBody ? {} : { setAsync: (data: string, _o: unknown, cb?: Callback<void>) => { state.html = data; cb?.({ status: 'succeeded', value: undefined }); } }),
      },
      ...(options.noRemove ? {} : { removeAttachmentAsync: (id: string, cb?: Callback<void>) => { state.attachments = state.attachments.filter((a) => a !== id); cb?.({ status: 'succeeded', value: undefined }); } }),
      loadCustomPropertiesAsync: () => undefined,
    };
    return { item, state };
  }

  it('puts the links in first, then removes exactly the uploaded attachments', async () => {
    const { item, state } = linkItem({});
    await replaceWithLinks(item, ['a1'], '<div>L</div>');
    expect(state).toEqual({ html: '<div>L</div><p>Hallo</p>', attachments: ['a2'] });
  });

  it('an Outlook that cannot change the body: rejects and removes nothing (the pane shows the links)', async () => {
    const { item, state } = linkItem({ noSetBody: true });
    await expect(replaceWithLinks(item, ['a1'], '<div>L</div>')).rejects.toThrow('cannot change the message body');
    expect(state.attachments).toEqual(['a1', 'a2']);
  });

  it('an Outlook that cannot remove attachments: the links are in the body, and it says so', async () => {
    const { item, state } = linkItem({ noRemove: true });
    await expect(replaceWithLinks(item, ['a1'], '<div>L</div>')).rejects.toThrow('cannot remove attachments');
    expect(state.html).toContain('<div>L</div>');
  });
});
