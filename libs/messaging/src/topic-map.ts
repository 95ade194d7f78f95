import { TOPIC_KEYS, TOPIC_VARIABLES, TopicKey, TopicMap } from '@postventa/contracts';
import { AppConfig } from '@postventa/platform';

/** Logical topic → the Kafka topic name configured for this deployment (`TOPIC_*` variables). */
export function topicMapFromConfig(config: AppConfig): TopicMap {
  return Object.freeze(
    Object.fromEntries(TOPIC_KEYS.map((key) => [key, config.get(TOPIC_VARIABLES[key])])) as Record<TopicKey, string>,
  );
}

/** Injection token for the TopicMap. */
export const TOPICS = Symbol('TOPICS');
