// The web app's key-recovery parts that need no server, with the real crypto: a sent item wrapped to an earlier key
// opens through the keys an admin restored (the current key first), tampering stays tampering whichever key reaches
// it, a restored wrap that does not open is skipped without losing the others, the key file's name, and the console's
// counted sentences in de, nl and en.
import { describe, expect, it } from 'vitest';
import { generateAgeKeyPair, sealManifest, toBase64Url, wrapIdentityToRecipient, wrapRestoredKey } from '../../src/crypto/index.ts';
import { ApiError } from '../../src/client/api-error.ts';
import { openRestoredKeys } from '../../web/src/account/key-escrow.ts';
import { errorText } from '../../web/src/api/error-text.ts';
import { keyFileName } from '../../web/src/admin/key-recovery-api.ts';
import { languages, loadAdminCatalogs, loadLanguage, translate } from '../../web/src/i18n/index.ts';

import { openOwnMessage } from '../../web/src/sent/open-transfer.ts';

// German and Dutch arrive as chunks in the app (loadLanguage); here all of them, before any test.
await Promise.all(languages.map((lang) => loadLanguage(lang)));

async function sentItemFor(ownerRecipient: string, id: string) {
  const message = await generateAgeKeyPair({ postQuantum: false });
  const manifest = await sealManifest({ manifest: { subject: 'Befund', text: 'Anbei.', files: [] }, messageId: id, recipients: [message.recipient] });
  const wrapped = await wrapIdentityToRecipient({ identity: message.identity, recipient: ownerRecipient, messageId: id });
  return { id, manifest: Buffer.from(manifest).toString('base64'), ownerWrappedIdentity: toBase64Url(wrapped) };
}

describe('earlier keys in the browser', () => {
  it('opens an item wrapped to an earlier key only through the restored keys; tampering is not hidden by them', async () => {
    const [old, current] = await Promise.all([generateAgeKeyPair({ postQuantum: false }), generateAgeKeyPair({ postQuantum: false })]);
    const item = await sentItemFor(old.recipient, 'msg-old');
    const withoutRestore = { identity: current.identity, recipient: current.recipient, previous: [] };
    expect(await openOwnMessage(item, () => Promise.resolve(withoutRestore))).toEqual({ state: 'unavailable' });
    const restored = { ...withoutRestore, previous: [old.identity] };
    expect(await openOwnMessage(item, () => Promise.resolve(restored))).toMatchObject({ state: 'open', message: { subject: 'Befund', text: 'Anbei.' } });
    // A manifest changed on the server: reached by the old key, it reads as tampered, not "not available".
    const sealed = Buffer.from(item.manifest, 'base64');
    sealed[sealed.length - 5] = (sealed[sealed.length - 5] ?? 0) ^ 1;
    expect(await openOwnMessage({ ...item, manifest: sealed.toString('base64') }, () => Promise.resolve(restored))).toEqual({ state: 'tampered' });
  });

  it('keeps the restored keys that open and skips one that does not (made for another key)', async () => {
    const [old, current, stranger] = await Promise.all([1, 2, 3].map(() => generateAgeKeyPair({ postQuantum: false })));
    if (!old || !current || !stranger) throw new Error('no keys');
    const good = toBase64Url(await wrapRestoredKey({ identity: old.identity, toRecipient: current.recipient }));
    const foreign = toBase64Url(await wrapRestoredKey({ identity: stranger.identity, toRecipient: stranger.recipient }));
    const stored = { publicKey: current.recipient, wrappedByPassword: '', wrappedByRecovery: [], restoredKeys: [{ publicKey: stranger.recipient, wrapped: foreign }, { publicKey: old.recipient, wrapped: good }] };
    expect(await openRestoredKeys(current.identity, stored)).toEqual([old.identity]);
    // A wrap that claims another public key than the identity it holds is skipped too.
    expect(await openRestoredKeys(current.identity, { ...stored, restoredKeys: [{ publicKey: stranger.recipient, wrapped: good }] })).toEqual([]);
  });

  it('names the key file after the organisation, safely', () => {
    expect(keyFileName('Praxis Rettung')).toBe('sealpost-recovery-key-Praxis-Rettung.txt');
    expect(keyFileName('Praxis Müller & Söhne / Köln')).toBe('sealpost-recovery-key-Praxis-Muller-Sohne-Koln.txt');
    expect(keyFileName('../..')).toBe('sealpost-recovery-key-organisation.txt');
  });

  it('counts staff keys and earlier keys in every language', async () => {
    await loadAdminCatalogs();
    expect(translate('en', 'admin.recovery.escrowed', { escrowed: 2, staff: 3 })).toBe('2 of 3 staff keys recoverable');
    expect(translate('de', 'admin.recovery.escrowed', { escrowed: 1, staff: 1 })).toBe('1 von 1 Mitarbeiterschlüssel wiederherstellbar');
    expect(translate('nl', 'admin.recovery.awaiting', { count: 0 })).toBe('Geen eerdere sleutels wachten op herstel');
    expect(translate('de', 'admin.recovery.lostForever', { count: 2 })).toBe('2 frühere Schlüssel, die noch auf Wiederherstellung warten, können danach nie mehr wiederhergestellt werden.');
    expect(translate('nl', 'admin.recovery.restored', { count: 1, email: 'a@b.example' })).toMatch(/^1 eerdere sleutel van a@b\.example is hersteld\./);
  });

  it('says a refused escrow (the choice changed meanwhile) as "try again", in every language', () => {
    for (const code of ['SP_ERR_KEY_ESCROW_REQUIRED', 'SP_ERR_KEY_ESCROW_STALE'] as const) {
      expect(errorText(new ApiError(code, 409), (k, p) => translate('en', k, p))).toBe('Your organisation changed how lost keys are recovered while this was running. Please try again.');
      expect(errorText(new ApiError(code, 409), (k, p) => translate('de', k, p))).toMatch(/Bitte versuchen Sie es erneut\.$/);
      expect(errorText(new ApiError(code, 409), (k, p) => translate('nl', k, p))).toMatch(/Probeer het opnieuw\.$/);
    }
  });
});
