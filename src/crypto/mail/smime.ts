/**
 * S/MIME encryption for the mail gateway (docs/gateway/formats.md): CMS EnvelopedData (RFC 5652) with AES-256-CBC
 * content encryption (RFC 3565) — AuthEnvelopedData (AES-GCM) would be better, but OpenSSL, Outlook and Apple Mail do
 * not all read it yet. Per recipient: RSA key transport (PKCS#1 v1.5 by default, RSAES-OAEP/SHA-256 on request; see
 * the spec for why) or, for EC certificates, ECDH ephemeral-static key agreement with the X9.63 KDF and AES-256 key
 * wrap (RFC 5753). pkijs/asn1js only parse and encode the ASN.1; every primitive is node:crypto. Node only (node:crypto).
 * Which certificates may be encrypted to is decided by the one certificate reader, key-info.ts (also the directory's).
 */
import { constants, createCipheriv, createHash, diffieHellman, generateKeyPairSync, publicEncrypt, randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { CryptoError, inputError } from '../errors.ts';
import { SMIME_CURVES, parseCertificate, type ParsedCertificate } from './key-info.ts';

export const OID = {
  data: '1.2.840.113549.1.7.1',
  envelopedData: '1.2.840.113549.1.7.3',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  aes256Wrap: '2.16.840.1.101.3.4.1.45',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsaesOaep: '1.2.840.113549.1.1.7',
  mgf1: '1.2.840.113549.1.1.8',
  sha256: '2.16.840.1.101.3.4.2.1',
  ecPublicKey: '1.2.840.10045.2.1',
} as const;

const bytes = (view: Uint8Array): ArrayBuffer => view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength) as ArrayBuffer;

export type RsaPadding = 'pkcs1' | 'oaep-sha256';

export interface SmimeEncryptOptions {
  /** RSA key transport; 'pkcs1' (the default) is what every S/MIME client reads, see docs/gateway/formats.md. */
  rsaPadding?: RsaPadding;
  /** The time certificates must be valid at (default: now). */
  now?: Date;
}

function issuerAndSerial(cert: pkijs.Certificate): pkijs.IssuerAndSerialNumber {
  return new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber });
}

function keyTransRecipient(recipient: ParsedCertificate, cek: Uint8Array, padding: RsaPadding): pkijs.RecipientInfo {
  let keyEncryptionAlgorithm: pkijs.AlgorithmIdentifier;
  let encryptedKey: Buffer;
  if (padding === 'oaep-sha256') {
    const sha256 = new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 });
    const params = new pkijs.RSAESOAEPParams({
      hashAlgorithm: sha256,
      maskGenAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.mgf1, algorithmParams: sha256.toSchema() }),
    });
    keyEncryptionAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: OID.rsaesOaep, algorithmParams: params.toSchema() });
    encryptedKey = publicEncrypt({ key: recipient.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, cek);
  } else {
    keyEncryptionAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: OID.rsaEncryption, algorithmParams: new asn1js.Null() });
    encryptedKey = publicEncrypt({ key: recipient.publicKey, padding: constants.RSA_PKCS1_PADDING }, cek);
  }
  const ktri = new pkijs.KeyTransRecipientInfo({
    version: 0,
    rid: issuerAndSerial(recipient.pkijs),
    keyEncryptionAlgorithm,
    encryptedKey: new asn1js.OctetString({ valueHex: bytes(encryptedKey) }),
  });
  return new pkijs.RecipientInfo({ variant: 1, value: ktri });
}

/** ANSI X9.63 KDF (RFC 5753 §7.2) for one hash block: KEK = H(Z || 00000001 || DER(ECC-CMS-SharedInfo)). */
function x963Kdf(hash: 'sha256' | 'sha384', z: Uint8Array, sharedInfo: Uint8Array): Buffer {
  return createHash(hash).update(z).update(Uint8Array.of(0, 0, 0, 1)).update(sharedInfo).digest().subarray(0, 32);
}

function keyAgreeRecipient(recipient: ParsedCertificate, cek: Uint8Array): pkijs.RecipientInfo {
  const curve = SMIME_CURVES[recipient.publicKey.asymmetricKeyDetails?.namedCurve as keyof typeof SMIME_CURVES];
  const ephemeral = generateKeyPairSync('ec', { namedCurve: recipient.publicKey.asymmetricKeyDetails!.namedCurve! });
  const z = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient.publicKey });
  // keydatalen 256 bits as a 32-bit big-endian integer, no ukm (it is optional and adds nothing with an ephemeral key).
  const sharedInfo = new pkijs.ECCCMSSharedInfo({
    keyInfo: new pkijs.AlgorithmIdentifier({ algorithmId: OID.aes256Wrap }),
    suppPubInfo: new asn1js.OctetString({ valueHex: bytes(Uint8Array.of(0, 0, 1, 0)) }),
  });
  const kek = x963Kdf(curve.hash, z, new Uint8Array(sharedInfo.toSchema().toBER(false)));
  z.fill(0);
  const wrap = createCipheriv('id-aes256-wrap', kek, Buffer.from('A6A6A6A6A6A6A6A6', 'hex'));
  const wrapped = Buffer.concat([wrap.update(cek), wrap.final()]);
  kek.fill(0);
  const spki = ephemeral.publicKey.export({ format: 'der', type: 'spki' });
  const kari = new pkijs.KeyAgreeRecipientInfo({
    version: 3,
    originator: new pkijs.OriginatorIdentifierOrKey({ variant: 3, value: pkijs.OriginatorPublicKey.fromBER(bytes(spki)) }),
    keyEncryptionAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: curve.kdfOid,
      algorithmParams: new pkijs.AlgorithmIdentifier({ algorithmId: OID.aes256Wrap }).toSchema(),
    }),
    recipientEncryptedKeys: new pkijs.RecipientEncryptedKeys({
      encryptedKeys: [new pkijs.RecipientEncryptedKey({
        rid: new pkijs.KeyAgreeRecipientIdentifier({ variant: 1, value: issuerAndSerial(recipient.pkijs) }),
        encryptedKey: new asn1js.OctetString({ valueHex: bytes(wrapped) }),
      })],
    }),
  });
  return new pkijs.RecipientInfo({ variant: 2, value: kari });
}

/**
 * Encrypts `content` (an inner MIME entity, canonical CRLF) to every certificate: DER ContentInfo(EnvelopedData).
 * Throws CryptoError SP_ERR_CRYPTO_KEY_UNUSABLE naming the certificate's fingerprint when one is expired, not yet
 * valid, of a refused algorithm or whose (extended) key usage excludes encryption: nothing is encrypted then.
 */
export async function smimeEncrypt(content: Uint8Array, certificates: Uint8Array[], options: SmimeEncryptOptions = {}): Promise<Uint8Array> {
  if (certificates.length === 0) throw inputError('no recipient certificate');
  const now = options.now ?? new Date();
  const recipients = certificates.map((der) => parseCertificate(der, now));
  for (const recipient of recipients) {
    if (recipient.info.problem !== null) {
      throw new CryptoError('SP_ERR_CRYPTO_KEY_UNUSABLE', `certificate ${recipient.info.fingerprint}: ${recipient.info.problem}`);
    }
  }
  const cek = randomBytes(32);
  const iv = randomBytes(16);
  try {
    const cipher = createCipheriv('aes-256-cbc', cek, iv);
    const encrypted = Buffer.concat([cipher.update(content), cipher.final()]);
    const recipientInfos = recipients.map((recipient) => recipient.publicKey.asymmetricKeyType === 'rsa'
      ? keyTransRecipient(recipient, cek, options.rsaPadding ?? 'pkcs1')
      : keyAgreeRecipient(recipient, cek));
    return envelopedDataDer(recipientInfos, iv, encrypted);
  } finally {
    cek.fill(0);
  }
}

/** A DER tag-length header for `length` content bytes. */
function derHeader(tag: number, length: number): Buffer {
  if (length < 0x80) return Buffer.from([tag, length]);
  const digits: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) digits.unshift(rest % 256);
  return Buffer.from([tag, 0x80 | digits.length, ...digits]);
}

function der(tag: number, parts: Buffer[]): Buffer[] {
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  return [derHeader(tag, length), ...parts];
}

const ber = (value: { toBER(sizeOnly?: boolean): ArrayBuffer }): Buffer => Buffer.from(value.toBER(false));

/**
 * ContentInfo(EnvelopedData) in DER. pkijs encodes the small parts; the outer layers are written here so the
 * ciphertext (megabytes) is copied once instead of through every asn1js layer.
 */
function envelopedDataDer(recipientInfos: pkijs.RecipientInfo[], iv: Buffer, encrypted: Buffer): Buffer {
  // RFC 5652 §6.1: version 0 when every RecipientInfo is version 0 (ktri by issuer and serial), else 2.
  const version = recipientInfos.every((info) => info.variant === 1) ? 0 : 2;
  // DER orders the elements of a SET OF by their encodings.
  const infos = recipientInfos.map((info) => ber(info.toSchema())).sort((a, b) => Buffer.compare(a, b));
  const contentEncryptionAlgorithm = new pkijs.AlgorithmIdentifier({ algorithmId: OID.aes256Cbc, algorithmParams: new asn1js.OctetString({ valueHex: bytes(iv) }) });
  const encryptedContentInfo = der(0x30, [
    ber(new asn1js.ObjectIdentifier({ value: OID.data })),
    ber(contentEncryptionAlgorithm.toSchema()),
    // encryptedContent [0] IMPLICIT OCTET STRING, primitive.
    ...der(0x80, [encrypted]),
  ]);
  const enveloped = der(0x30, [ber(new asn1js.Integer({ value: version })), ...der(0x31, infos), ...encryptedContentInfo]);
  return Buffer.concat(der(0x30, [ber(new asn1js.ObjectIdentifier({ value: OID.envelopedData })), ...der(0xa0, enveloped)]));
}

/** Reads a PEM bundle or a single DER certificate into DER certificates (for tests, the CLI and the directory). */
export function certificatesFromPem(pem: string): Uint8Array[] {
  const blocks = [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)];
  return blocks.map((block) => new Uint8Array(Buffer.from(block[1]!.replace(/\s+/g, ''), 'base64')));
}

