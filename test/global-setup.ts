import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApps, startLocalServices } from '../libs/dev-services/src';

declare global {
  var __POSTVENTA_SERVICES__: { stop(): Promise<void> } | undefined;
}

/**
 * Compiles the apps (`npm run build`) and starts, once per test run, the real Kafka broker, PostgreSQL server and SMTP capture that the
 * environment does not already point at (KAFKA_BROKERS, DATABASE_URL, SMTP_URL). Their data lives
 * in a temporary folder that is removed at the end. Worker processes inherit the variables.
 */
export default async function globalSetup(): Promise<void> {
  // Tests that run an app in its own process (to kill it) run the compiled build, as containers do.
  process.stderr.write(`  [build] apps compiled (npm run build) in ${buildApps().toFixed(1)} s\n`);
  const started = Date.now();
  const services = await startLocalServices({
    env: process.env,
    dataDir: mkdtempSync(join(tmpdir(), 'postventa-test-')),
    ephemeral: true,
    kafkaVersion: process.env.LOCAL_KAFKA_VERSION || '4.3.1',
    kafkaHeap: process.env.LOCAL_KAFKA_HEAP || '512m',
    log: (line) => process.stderr.write(`  [services] ${line}\n`),
  });
  Object.assign(process.env, services.env);
  globalThis.__POSTVENTA_SERVICES__ = services;
  const what = services.started.length ? `started ${services.started.join(', ')}` : 'using the configured services';
  process.stderr.write(`  [services] ${what} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
