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

// Messages between the page's key-wrap client (key-wrap-client.ts) and its worker (key-wrap-worker.ts): one
// Argon2id job per message, so the page reports progress per run. The secret travels in the message and nowhere else.

export type KeyWrapJob =
  | { op: 'wrap-password'; identity: string; password: string }
  | { op: 'wrap-recovery'; identity: string; code: string }
  | { op: 'unlock-password'; wrapped: Uint8Array; password: string }
  | { op: 'unlock-recovery'; wraps: Uint8Array[]; code: string };

export interface KeyWrapRequest {
  id: number;
  job: KeyWrapJob;
}

/** A wrap (bytes), an unlocked identity (string), or the CryptoError the job threw (its code survives the message). */
export type KeyWrapReply =
  | { id: number; ok: true; result: Uint8Array | string }
  | { id: number; ok: false; code: string | undefined; message: string };
