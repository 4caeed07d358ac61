import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLocalKeyStore } from '../../src/adapters/keys/local-key-store.ts';
import { describeErasableKeyStore } from './erasable-key-store-conformance.ts';

describeErasableKeyStore('local', () => Promise.resolve(createLocalKeyStore({ dir: path.join(mkdtempSync(path.join(tmpdir(), 'sp-keys-')), 'keys') })));
