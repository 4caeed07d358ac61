/**
 * Reads what the gateway needs from an S/MIME SignedData (RFC 5652): the certificates it carries (DER, for the
 * directory's harvest, which an admin approves) and, for an opaque-signed mail, the signed MIME entity. Nothing is
 * verified here: trust is the directory's decision, and a mail is protected the same whether its signature holds.
 */
import { ContentInfo, SignedData, id_signedData } from '@peculiar/asn1-cms';
import { AsnConvert, AsnParser } from '@peculiar/asn1-schema';
import * as asn1js from 'asn1js';

export interface SignedDataContents {
  certificates: Uint8Array[];
  /** The encapsulated content (a MIME entity for S/MIME), or null for a detached signature. */
  content: Uint8Array | null;
}

/** Throws on anything that is not a CMS SignedData. */
export function readSignedData(der: Uint8Array): SignedDataContents {
  const info = AsnParser.parse(der, ContentInfo);
  if (info.contentType !== id_signedData) throw new Error(`CMS content type ${info.contentType} is not SignedData`);
  const signed = AsnParser.parse(info.content, SignedData);
  const certificates = (signed.certificates ?? []).flatMap((choice) => (choice.certificate ? [new Uint8Array(AsnConvert.serialize(choice.certificate))] : []));
  const encapsulated = signed.encapContentInfo.eContent;
  let content: Uint8Array | null = null;
  if (encapsulated?.single) content = new Uint8Array(encapsulated.single.buffer);
  else if (encapsulated?.any) content = constructedOctets(encapsulated.any);
  return { certificates, content };
}

/** A BER constructed OCTET STRING (what streaming signers such as `openssl cms -stream` write): its pieces joined. */
function constructedOctets(ber: ArrayBuffer): Uint8Array {
  const parsed = asn1js.fromBER(ber);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.OctetString)) throw new Error('encapsulated content is not an OCTET STRING');
  return new Uint8Array(parsed.result.getValue());
}
