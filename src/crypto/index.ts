// Public entry point of the Sealpost crypto core: universal (Node and browsers). Format and key schedule: docs/crypto.md.
// Node code may import src/crypto/node.ts instead, which re-exports this plus the native fast path.
export { CryptoError, isCryptoError, type CryptoErrorCode } from './errors.ts';
export { constantTimeEqual, randomBytes, toBase64Url, fromBase64Url } from './bytes.ts';
export { generateSecret, encodeSecret, decodeSecret, SECRET_SIZE } from './secrets.ts';
export {
  generateMessageIdentity, generateAgeKeyPair, recipientOf, isIdentityString, isRecipientString, type AgeKeyPair,
} from './identities.ts';
export { nobleChunkCipher, type ChunkCipher } from './chunk-cipher.ts';
export { CHUNK_SIZE, SEALED_CHUNK_SIZE, chunkCount, payloadSize, plainSizeOfPayload } from './stream-format.ts';
export { headerHash } from './age-header.ts';
export { createEncryptor, resumeEncryptor, createDecryptor, type BlobEncryptor, type BlobDecryptor } from './blob-encryptor.ts';
export {
  encryptStream, decryptStream, encryptBytes, decryptBytes, collect, encryptedSize, X25519_HEADER_SIZE,
  type EncryptStreamOptions, type DecryptStreamOptions,
} from './blob-stream.ts';
export { toReadableStream, toAsyncIterable, type ByteSource } from './web-streams.ts';
export {
  sealManifest, openManifest, decryptManifestBlob, encodeHeaderHash, MANIFEST_VERSION, type Manifest, type ManifestFile,
} from './manifest.ts';
export { wrapMessageIdentity, unwrapMessageIdentity, RECIPIENT_WRAP_VERSION, type RecipientWrapContext } from './key-wrap.ts';
export {
  stretchAccessCode, normalizeAccessCode, accessCodeSalt, accessCodeVerifierDigest, checkAccessCodeVerifier, generateAccessCode,
  type StretchedAccessCode,
} from './access-code.ts';
export { ARGON2_PARAMS, ARGON2_MIN, type Argon2Params } from './argon2.ts';
export {
  generatePersonalKey, wrapIdentityWithPassword, unlockPersonalKey, wrapIdentityWithRecoveryCodes, unlockPersonalKeyWithRecoveryCode, wrapIdentityToRecipient, unwrapIdentityWithPersonalKey,
  PASSWORD_WRAP_VERSION, PERSONAL_WRAP_VERSION, type PersonalKey,
} from './personal-key.ts';
export {
  wrapIdentityWithPrf, unwrapIdentityWithPrf, prfWrapKey, PRF_WRAP_VERSION, PRF_OUTPUT_SIZE, PRF_SALT_V1,
} from './prf-wrap.ts';
export { openOwnedContent, openOwnedContentWithKeys, type OwnedContent } from './owned-content.ts';
export {
  generateRecoveryKey, parseRecoveryKeyFile, recoveryKeyFingerprint, isRecoveryRecipient, isUsableRecoveryRecipient, escrowPersonalKey, openEscrow, wrapRestoredKey, openRestoredKey,
  ESCROW_PURPOSE, RESTORED_PURPOSE, type RecoveryKey, type EscrowBinding,
} from './key-recovery.ts';
export {
  generateOrgKey, wrapOrgKey, openOrgKeyWrap, sealAccessCode, openAccessCode, isOrgKeyRecipient, ORG_KEY_PURPOSE, ORG_CODE_PURPOSE, OWN_CODE_PURPOSE, type CodeOwner,
} from './org-key.ts';
export { sealForOutbox, openFromOutbox, OUTBOX_SEAL_VERSION } from './outbox-seal.ts';
export { sealErasable, openErasable, ERASABLE_SEAL_VERSION } from './erasable-seal.ts';
export { ciphertextRange, type CiphertextRangeOptions } from './ciphertext-range.ts';
export { createRecipientKeys, openRecipientKeys, linkVerifierFor, type RecipientKeyMaterial } from './recipient-keys.ts';
export { AUDIT_GENESIS_HASH, auditEntryHash, canonicalJson, sha256Hex } from './audit-hash.ts';
export { KEY_LOG_GENESIS_HASH, keyLogEmailHash, keyLogEntryHash, nextKeyLogEntry, verifyKeyLogSegment, type KeyLogCheckpoint, type KeyLogEntry, type KeyLogEvent } from './key-log.ts';
export { deriveLinkVerifier, linkVerifierDigest, checkLinkVerifier } from './link-verifier.ts';
