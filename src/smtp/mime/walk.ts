/**
 * The streaming walk over one MIME entity: mailsplit splits it into nodes and body lines, each leaf's content is
 * decoded into its sink as it streams by. Structural limits are checked per node, as the node arrives.
 */
import { once } from 'node:events';
import { Splitter } from '@zone-eu/mailsplit';
import type MimeNode from '@zone-eu/mailsplit/lib/mime-node.js';
import libmime from 'libmime';
import { headerTooLarge, maxOpaqueSignedBytes, maxSignatureBytes, nestedTooDeep, signedTooLarge, tooManyParts, type MimeLimits } from './limits.ts';
import { CappedBuffer, decodingSink, type ExportableSpooledFile, type Sink, type SpoolSet } from './sinks.ts';
import { readSignedData } from './smime.ts';
import { bodyText } from './text.ts';

export interface WalkedAttachment {
  file: ExportableSpooledFile;
  name: string;
  type: string;
  contentId: string | null;
  inline: boolean;
}

/** What the walk collects over the whole mail (an opaque-signed mail is walked twice into the same one). */
export interface WalkState {
  limits: MimeLimits;
  spools: SpoolSet;
  parts: number;
  text: string[];
  /** Decoded bytes of the text/plain parts kept so far: together they stay within maxTextBytes. */
  textBytes: number;
  html: string | null;
  attachments: WalkedAttachment[];
  signerCertificates: Uint8Array[];
  signal: AbortSignal | undefined;
}

const signatureTypes = new Set(['application/pkcs7-signature', 'application/x-pkcs7-signature']);
const opaqueTypes = new Set(['application/pkcs7-mime', 'application/x-pkcs7-mime']);

function depthOf(node: MimeNode): number {
  let depth = 0;
  for (let parent = node.parentNode; parent; parent = parent.parentNode) depth += 1;
  return depth;
}

function parentType(node: MimeNode): string | false {
  return node.parentNode ? node.parentNode.multipart : false;
}

function contentParam(node: MimeNode, name: string): string {
  const value = node.headers ? node.headers.getFirst('content-type') : '';
  return (libmime.parseHeaderValue(value).params[name] ?? '').toLowerCase();
}

function contentIdOf(node: MimeNode): string | null {
  const raw = node.headers ? node.headers.getFirst('content-id').trim() : '';
  const id = raw.replace(/^<|>$/g, '').trim();
  return id === '' ? null : id;
}

/** A file name without any directory part, as a client's path could smuggle one in. */
function baseName(name: string): string {
  const base = name.split(/[\\/]/).pop()?.trim() ?? '';
  return base === '.' || base === '..' ? '' : base;
}

function attachmentName(node: MimeNode, type: string, index: number): string {
  const given = node.filename ? baseName(node.filename) : '';
  if (given !== '') return given;
  const extension = type === 'message/rfc822' ? 'eml' : libmime.detectExtension(type);
  return `attachment-${index}.${extension}`;
}

/** Walks `source` (a whole mail or an opaque-signed entity); returns the root node (for the mail's own headers). */
export async function walkEntity(source: AsyncIterable<Uint8Array>, state: WalkState, baseDepth: number): Promise<MimeNode | null> {
  const splitter = new Splitter({ ignoreEmbedded: true, maxHeadSize: state.limits.maxHeaderBytes, maxChildNodes: state.limits.maxParts + 1 });
  let root: MimeNode | null = null;
  let sink: Sink | null = null;
  const consume = async (): Promise<void> => {
    for await (const chunk of splitter as AsyncIterable<{ type: string; value?: Buffer }>) {
      if (chunk.type === 'node') {
        const node = chunk as unknown as MimeNode;
        if (sink) await sink.end();
        sink = null;
        state.parts += 1;
        if (state.parts > state.limits.maxParts) throw tooManyParts(state.limits.maxParts);
        if (baseDepth + depthOf(node) > state.limits.maxDepth) throw nestedTooDeep(state.limits.maxDepth);
        if (node.root) root = node;
        if (!node.multipart) sink = await leafSink(node, state, baseDepth + depthOf(node));
      } else if (chunk.type === 'body' && sink && chunk.value) {
        await sink.write(chunk.value);
      }
    }
    if (sink) await sink.end();
    sink = null;
  };
  // Fed by hand rather than with stream.pipeline: pipeline builds an AbortError (with a stack) for every mail.
  const consuming = consume();
  consuming.catch(() => undefined);
  try {
    for await (const piece of source) {
      state.signal?.throwIfAborted();
      if (!splitter.write(piece)) await Promise.race([once(splitter, 'drain'), consuming]);
    }
    state.signal?.throwIfAborted();
    splitter.end();
    await consuming;
  } catch (error) {
    splitter.destroy();
    // mailsplit's limits come back as EMAXLEN errors; ours are GatewayRefusals already.
    if ((error as { code?: string }).code === 'EMAXLEN') {
      if (/child/i.test((error as Error).message)) throw tooManyParts(state.limits.maxParts);
      throw headerTooLarge(state.limits.maxHeaderBytes);
    }
    throw error;
  }
  return root;
}

async function leafSink(node: MimeNode, state: WalkState, depth: number): Promise<Sink> {
  const type = node.contentType || 'text/plain';
  const attachment = node.disposition === 'attachment' || Boolean(node.filename);
  if (signatureTypes.has(type) && parentType(node) === 'signed') return signatureSink(node, state);
  if (opaqueTypes.has(type) && contentParam(node, 'smime-type') === 'signed-data') return opaqueSignedSink(node, state, depth);
  if (!attachment && type === 'text/plain') return textSink(node, state, 'plain');
  if (!attachment && type === 'text/html' && state.html === null) return textSink(node, state, 'html');
  return attachmentSink(node, state, type);
}

/** Decodes the leaf into a new spool file and records it as an attachment once complete. */
async function attachmentSink(node: MimeNode, state: WalkState, type: string, before: Uint8Array[] = []): Promise<Sink> {
  const writer = await state.spools.create();
  for (const piece of before) await writer.write(piece);
  const index = state.attachments.length + 1;
  const inline = contentIdOf(node) !== null && (node.disposition === 'inline' || parentType(node) === 'related');
  const sink = decodingSink(node.getDecoder(), (piece) => writer.write(piece));
  return {
    write: (chunk) => sink.write(chunk),
    async end() {
      await sink.end();
      const file = await writer.finish();
      state.attachments.push({ file, name: attachmentName(node, type, index), type, contentId: contentIdOf(node), inline });
    },
  };
}

/**
 * A text body, kept in memory up to maxTextBytes. Past the cap the part becomes an attachment (the bytes collected
 * so far go first into its spool), so a huge "text" part cannot exhaust the worker.
 */
function textSink(node: MimeNode, state: WalkState, kind: 'plain' | 'html'): Sink {
  let spilled: Sink | null = null;
  const type = kind === 'plain' ? 'text/plain' : 'text/html';
  // Several plain parts are joined into one text: their sum is capped, not each one (500 parts × 4 MiB would not be).
  const cap = kind === 'plain' ? state.limits.maxTextBytes - state.textBytes : state.limits.maxTextBytes;
  const buffer = new CappedBuffer(cap, async (collected) => {
    // The decoded bytes so far are handed over; the rest of the (already decoded) stream follows piece by piece.
    const writer = await state.spools.create();
    for (const piece of collected) await writer.write(piece);
    const index = state.attachments.length + 1;
    spilled = {
      write: (piece) => writer.write(piece),
      async end() {
        const file = await writer.finish();
        state.attachments.push({ file, name: attachmentName(node, type, index), type, contentId: contentIdOf(node), inline: false });
      },
    };
    return (piece) => writer.write(piece);
  });
  if (kind === 'html') state.html = ''; // claims the html body slot now, so a second html part becomes an attachment
  const sink = decodingSink(node.getDecoder(), (piece) => buffer.add(piece));
  return {
    write: (chunk) => sink.write(chunk),
    async end() {
      await sink.end();
      if (spilled) {
        if (kind === 'html') state.html = null;
        await spilled.end();
        return;
      }
      const text = bodyText(buffer.bytes(), node.charset, node.flowed, node.delSp);
      if (kind === 'html') state.html = text;
      else {
        state.text.push(text);
        state.textBytes += buffer.collected;
      }
    },
  };
}

/** Collects a whole CMS structure (a signature, an opaque-signed entity) up to `cap` bytes. */
function cmsSink(node: MimeNode, cap: number, done: (der: Uint8Array) => Promise<void>): Sink {
  const buffer = new CappedBuffer(cap, () => Promise.reject(signedTooLarge(cap)));
  const sink = decodingSink(node.getDecoder(), (piece) => buffer.add(piece));
  return {
    write: (chunk) => sink.write(chunk),
    async end() {
      await sink.end();
      await done(buffer.bytes());
    },
  };
}

/** multipart/signed: the first part is the content (walked as usual), this one the detached signature. */
function signatureSink(node: MimeNode, state: WalkState): Sink {
  return cmsSink(node, maxSignatureBytes, async (der) => {
    state.signerCertificates.push(...readCertificatesLeniently(der));
  });
}

/** A signature we cannot read costs the harvest its certificates, never the mail: it is protected all the same. */
function readCertificatesLeniently(der: Uint8Array): Uint8Array[] {
  try {
    return readSignedData(der).certificates;
  } catch {
    return [];
  }
}

/** application/pkcs7-mime; smime-type=signed-data: the mail's content is inside the SignedData, walked in turn. */
function opaqueSignedSink(node: MimeNode, state: WalkState, depth: number): Sink {
  return cmsSink(node, maxOpaqueSignedBytes, async (der) => {
    const signed = readSignedData(der);
    state.signerCertificates.push(...signed.certificates);
    if (!signed.content) throw new Error('opaque-signed S/MIME part without content');
    const content = signed.content;
    await walkEntity((async function* () { yield content; })(), state, depth + 1);
  });
}
