import { Admin, Kafka } from 'kafkajs';

export interface TopicSpec {
  topic: string;
  partitions: number;
  replicationFactor: number;
  config?: Record<string, string>;
}

const RETRIABLE = new Set([
  'UNKNOWN_TOPIC_OR_PARTITION',
  'LEADER_NOT_AVAILABLE',
  'NOT_LEADER_FOR_PARTITION',
  'NOT_CONTROLLER',
]);

/**
 * Creates the topics that are missing (existing topics are left as they are) and waits until
 * every partition has a leader. A broker may briefly answer "unknown topic" for a topic it has
 * just created, or another process may be creating the same topics: both are waited out.
 */
export async function ensureTopics(
  kafkaOrAdmin: Kafka | Admin,
  specs: TopicSpec[],
  timeoutMs = 30_000,
): Promise<string[]> {
  // Given an admin client, use it as it is; given a client, open one for this call only.
  const own = 'admin' in kafkaOrAdmin ? kafkaOrAdmin.admin() : undefined;
  const admin = own ?? (kafkaOrAdmin as Admin);
  if (own) await own.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: false,
        topics: missing.map((s) => ({
          topic: s.topic,
          numPartitions: s.partitions,
          replicationFactor: s.replicationFactor,
          configEntries: Object.entries(s.config ?? {}).map(([name, value]) => ({ name, value })),
        })),
      });
    }
    await waitForLeaders(
      admin,
      specs.map((s) => s.topic),
      timeoutMs,
    );
    return missing.map((s) => s.topic);
  } finally {
    await own?.disconnect();
  }
}

async function waitForLeaders(admin: Admin, topics: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      if (metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    } catch (error) {
      if (!RETRIABLE.has((error as { type?: string }).type ?? '') || Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`topics ${topics.join(', ')} have no leader after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
