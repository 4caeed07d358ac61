/** Messages between parse-in-worker.ts and parse-worker-entry.ts (one job at a time per worker). */
import type { ParsedMail } from '../../core/gateway/model.ts';
import type { SpoolTicket } from '../spool.ts';
import type { MimeLimits } from './limits.ts';

/** Chunks of the raw mail the main thread sends ahead of the worker's acknowledgements. */
export const CHUNK_WINDOW = 4;

export type ToWorker =
  | { kind: 'start'; job: number; spoolDir: string; limits: MimeLimits; size: number }
  | { kind: 'chunk'; job: number; bytes: Uint8Array }
  | { kind: 'end'; job: number }
  | { kind: 'source-failed'; job: number; message: string };

export interface TicketedAttachment {
  ticket: SpoolTicket;
  name: string;
  type: string;
  contentId: string | null;
  inline: boolean;
}

export type FromWorker =
  | { kind: 'ack'; job: number }
  | { kind: 'spool'; job: number; path: string }
  | { kind: 'done'; job: number; mail: Omit<ParsedMail, 'attachments'> & { attachments: TicketedAttachment[] }; heapUsedBytes: number }
  | { kind: 'failed'; job: number; message: string; refusal: { code: 550 | 552 | 553 | 554; enhanced: string } | null };
