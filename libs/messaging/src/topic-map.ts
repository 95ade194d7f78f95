import { TopicMap } from '@postventa/contracts';
import { AppConfig } from '@postventa/platform';

/** Logical topic → the Kafka topic name configured for this deployment. */
export function topicMapFromConfig(config: AppConfig): TopicMap {
  return Object.freeze({
    commerce: config.get('TOPIC_COMMERCE'),
    usage: config.get('TOPIC_USAGE'),
    support: config.get('TOPIC_SUPPORT'),
    feedback: config.get('TOPIC_FEEDBACK'),
    timers: config.get('TOPIC_TIMERS'),
    commands: config.get('TOPIC_COMMANDS'),
    activity: config.get('TOPIC_ACTIVITY'),
    deadLetter: config.get('TOPIC_DEAD_LETTER'),
  });
}

/** Injection token for the TopicMap. */
export const TOPICS = Symbol('TOPICS');
