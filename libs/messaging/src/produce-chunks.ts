import type { IHeaders } from 'kafkajs';

/** What one record costs beyond its key, value and headers (attributes, offsets, lengths as varints). */
export const RECORD_OVERHEAD_BYTES = 64;

/** Default of KAFKA_PRODUCE_MAX_BYTES: half the broker's default `message.max.bytes` (1 MiB). */
export const DEFAULT_PRODUCE_MAX_BYTES = 512 * 1024;

export interface SizedMessage {
  key: string | Buffer | null;
  value: string | Buffer | null;
  headers?: IHeaders;
}

/** Upper estimate of a message's size in a record batch. */
export function recordBytes(message: SizedMessage): number {
  let size = RECORD_OVERHEAD_BYTES + byteSize(message.key) + byteSize(message.value);
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    size += 8 + Buffer.byteLength(name);
    for (const item of Array.isArray(value) ? value : [value]) size += byteSize(item ?? null);
  }
  return size;
}

/**
 * Splits messages, in order, into consecutive groups of at most `maxBytes` each (a single message
 * larger than that travels alone), so no produce request carries a record batch over the broker's
 * `message.max.bytes`.
 */
export function chunkBySize<T extends SizedMessage>(messages: readonly T[], maxBytes: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const message of messages) {
    const bytes = recordBytes(message);
    if (current.length > 0 && size + bytes > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(message);
    size += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function byteSize(value: string | Buffer | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value) : value.byteLength;
}
