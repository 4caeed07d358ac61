/**
 * The MIME parser's limits (issue 14 "Fail closed, and bounded"). Exceeding a structural limit is the sender's
 * problem and answered with a permanent 5xx (GatewayRefusal); anything else that stops the parse (a timeout, the
 * worker's memory, broken input) is ours to retry: a plain Error, which the transport answers with 451.
 */
import { z } from 'zod';
import { GatewayRefusal } from '../handler.ts';

export const mimeLimitsSchema = z
  .object({
    /** MIME parts (leaves and multiparts) in the whole mail. */
    maxParts: z.int().min(1).max(100_000).default(500),
    /** Multipart nesting: the top-level entity is depth 0. */
    maxDepth: z.int().min(1).max(200).default(20),
    /** The header block of any one MIME entity (the mail's own header block included), in bytes. */
    maxHeaderBytes: z.int().min(1024).max(16 * 1024 * 1024).default(256 * 1024),
    /** Wall-clock limit of one parse in the worker. */
    timeoutMs: z.int().min(10).max(3_600_000).default(120_000),
    /** A text/plain or text/html body kept in memory up to this many decoded bytes; a longer one becomes an attachment. */
    maxTextBytes: z.int().min(1024).max(64 * 1024 * 1024).default(4 * 1024 * 1024),
  })
  .strict();

export type MimeLimits = z.infer<typeof mimeLimitsSchema>;
export const defaultMimeLimits: MimeLimits = mimeLimitsSchema.parse({});

/** An opaque-signed S/MIME mail (application/pkcs7-mime) is read whole to reach its content: this much at most. */
export const maxOpaqueSignedBytes = 32 * 1024 * 1024;
/** A detached signature (application/pkcs7-signature) holds certificates, not content: this much at most. */
export const maxSignatureBytes = 1024 * 1024;

export function tooManyParts(limit: number): GatewayRefusal {
  return new GatewayRefusal(554, '5.6.0', `Message has more than ${limit} MIME parts`);
}

export function nestedTooDeep(limit: number): GatewayRefusal {
  return new GatewayRefusal(554, '5.6.0', `MIME parts nested deeper than ${limit} levels`);
}

export function headerTooLarge(limit: number): GatewayRefusal {
  return new GatewayRefusal(552, '5.3.4', `A header block of the message exceeds ${limit} bytes`);
}

export function signedTooLarge(limit: number): GatewayRefusal {
  return new GatewayRefusal(552, '5.3.4', `An S/MIME signed part exceeds ${limit} bytes`);
}
