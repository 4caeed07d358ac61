import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, createEncryptor, decryptBytes, encryptStream, generateMessageIdentity, resumeEncryptor } from '../../crypto/node.ts';
import { ciphertextRange } from '../ciphertext-source.ts';
import { localFileSource } from './file-source.ts';

describe('ciphertextRange', () => {
  it('any byte range, also from a resumed encryptor, equals the same bytes of the whole encryption', async () => {
    const key = await generateMessageIdentity();
    const plain = randomBytes(3 * 65536 + 777);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'sp-ct-')), 'p.bin');
    writeFileSync(file, plain);
    const encryptor = await createEncryptor({ recipients: [key.recipient] });
    const whole = Buffer.from(await collect(encryptStream([plain], { encryptor })));
    expect(await decryptBytes(whole, { identity: key.identity })).toEqual(new Uint8Array(plain));
    const resumed = await resumeEncryptor({ prefix: encryptor.prefix, identity: key.identity });
    for (const [start, end] of [[0, whole.length], [0, 10], [5, 200], [183, 184], [184 + 65552 - 3, 184 + 2 * 65552 + 9], [whole.length - 20, whole.length], [1000, 1000]] as const) {
      for (const enc of [encryptor, resumed]) {
        const got = Buffer.from(await collect(ciphertextRange({ file: await localFileSource(file), encryptor: enc, start, end })));
        expect(got.equals(whole.subarray(start, end)), `${start}-${end}`).toBe(true);
      }
    }
  });

  it('an empty file is one empty final chunk', async () => {
    const key = await generateMessageIdentity();
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'sp-ct-')), 'empty');
    writeFileSync(file, '');
    const encryptor = await createEncryptor({ recipients: [key.recipient] });
    const got = await collect(ciphertextRange({ file: await localFileSource(file), encryptor, start: 0, end: encryptor.encryptedSize(0) }));
    expect(got.length).toBe(encryptor.encryptedSize(0));
    expect(await decryptBytes(got, { identity: key.identity })).toEqual(new Uint8Array(0));
  });
});
