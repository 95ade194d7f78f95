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
  // Tests that run an app or the CLI in its own process run the compiled build, as containers do;
  // it compiles while the services start.
  const build = buildApps().then((seconds) =>
    process.stderr.write(`  [build] apps compiled (npm run build) in ${seconds.toFixed(1)} s\n`),
  );
  build.catch(() => undefined); // awaited below, once the services are up (or reported with their failure)
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
  try {
    await build;
  } catch (error) {
    await services.stop();
    throw error;
  }
}
