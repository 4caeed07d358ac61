// Messages between the page's worker pool (worker-pool-cipher.ts) and its workers (chunk-worker.ts).

export interface ChunkJob {
  op: 'seal' | 'open';
  key: Uint8Array;
  nonce: Uint8Array;
  /** Owns its whole buffer, so it can be transferred. */
  data: Uint8Array;
}

export interface BatchRequest {
  id: number;
  jobs: ChunkJob[];
}

export interface BatchReply {
  id: number;
  engine: 'libsodium-wasm' | 'noble';
  /** One per job, in order; null where the tag did not verify. Each owns its buffer (transferred). */
  results: (Uint8Array | null)[];
}
