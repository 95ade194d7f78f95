import { randomUUID } from 'node:crypto';
import { DEFAULT_TOPICS, TOPIC_KEYS, TOPIC_VARIABLES } from '@postventa/contracts';
import { AppConfig, AppSpec, RunningApp, startApp } from '@postventa/platform';

/** Topic names and a consumer group no other test file uses. */
export function isolatedTopics(): Record<string, string> {
  const id = randomUUID().slice(0, 8);
  return {
    ...Object.fromEntries(
      TOPIC_KEYS.map((key) => [TOPIC_VARIABLES[key], `t-${id}.${DEFAULT_TOPICS[key].split('.')[1]}`]),
    ),
    ENGINE_GROUP_ID: `t-${id}.engine`,
    DISPATCHER_GROUP_ID: `t-${id}.dispatcher`,
  };
}

/** Starts an app in this process on ephemeral ports against the real services. */
export async function startTestApp(spec: AppSpec, env: Record<string, string | undefined>): Promise<RunningApp> {
  const config = AppConfig.fromEnvironment({
    ...process.env,
    GATEWAY_PORT: '0',
    ENGINE_PORT: '0',
    DISPATCHER_PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    KAFKA_TOPIC_PARTITIONS: '3',
    ...env,
  });
  return startApp(spec, config);
}

export async function eventually<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
