import type { Admin } from 'kafkajs';

/** How long a lag reading is reused: health endpoints may be polled often. */
const CACHE_MS = 2000;

/**
 * Reads how far a consumer group is behind the end of its topics (sum over partitions of the
 * high watermark minus the committed offset, or minus the low watermark when nothing is committed).
 * It reads through the app's one admin connection (KAFKA_ADMIN, connected by MessagingModule).
 */
export class ConsumerLagProbe {
  private readonly cache = new Map<string, { at: number; lag: Promise<number> }>();

  constructor(private readonly admin: Admin) {}

  async lag(groupId: string, topics: string[]): Promise<number> {
    const key = `${groupId}\u0001${topics.join(',')}`;
    const cached = this.cache.get(key);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.lag;
    const lag = this.read(groupId, topics);
    this.cache.set(key, { at: Date.now(), lag });
    lag.catch(() => this.cache.delete(key));
    return lag;
  }

  private async read(groupId: string, topics: string[]): Promise<number> {
    const admin = this.admin;
    const [committed, ends] = await Promise.all([
      admin.fetchOffsets({ groupId, topics }),
      Promise.all(topics.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) }))),
    ]);
    let total = 0n;
    for (const { topic, partitions } of ends) {
      const done = committed.find((c) => c.topic === topic)?.partitions ?? [];
      for (const p of partitions) {
        const at = done.find((d) => d.partition === p.partition)?.offset ?? '-1';
        const from = BigInt(at) >= 0n ? BigInt(at) : BigInt(p.low);
        const behind = BigInt(p.high) - from;
        if (behind > 0n) total += behind;
      }
    }
    return Number(total);
  }
}
