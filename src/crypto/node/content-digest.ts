import { createHash } from 'node:crypto';

/** SHA-256 over a stream of bytes, fed chunk by chunk (node:crypto: native speed for gigabytes). */
export interface ContentDigest {
  update(chunk: Uint8Array): void;
  /** Lower-case hex; call once, at the end. */
  hex(): string;
}

export function createContentDigest(): ContentDigest {
  const hash = createHash('sha256');
  return {
    update: (chunk) => void hash.update(chunk),
    hex: () => hash.digest('hex'),
  };
}
