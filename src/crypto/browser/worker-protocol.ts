// Messages between the page's worker pool (worker-pool-cipher.ts) and its workers (chunk-worker.ts).

export interface ChunkJob {
  op: 'seal' | 'open';
  key: Uint8Array;
  nonce: Uint8Array;
  /**
   * Input in data[0, length). Owns its whole buffer, so it can be transferred, and has room for the output (a seal's
   * is 16 bytes longer), which the worker writes back over it: no buffer is allocated per chunk on either side.
   */
  data: Uint8Array;
  length: number;
}

export interface BatchRequest {
  id: number;
  jobs: ChunkJob[];
}

export interface BatchReply {
  id: number;
  engine: 'libsodium-wasm' | 'noble';
  /** One per job, in order; null where the tag did not verify. Each is the job's own buffer (transferred back). */
  results: (Uint8Array | null)[];
}
