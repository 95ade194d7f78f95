import 'reflect-metadata';
import { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppLifecycle, FATAL_EXIT_CODE } from './app-lifecycle';
import { AppConfig, Environment } from './config/app-config';
import { ConfigError } from './config/config.error';
import { HttpErrorFilter } from './errors/http-error.filter';
import { observeRequests } from './http/request-logging.middleware';
import { createLogger, Logger } from './logging/logger';
import { NestJsonLogger } from './logging/nest-logger';
import { MetricsService } from './metrics/metrics.service';

/** Exit code of a process refused by its configuration (EX_CONFIG of sysexits.h); `config check` uses it too. */
export const CONFIG_EXIT_CODE = 78;

export interface AppSpec {
  /** gateway, engine or dispatcher */
  name: string;
  port(config: AppConfig): number;
  module(config: AppConfig, logger: Logger): DynamicModule;
  /** Connects the app's message transports (e.g. the Kafka batch consumers); they start after the modules. */
  connect?(app: INestApplication): void;
  /** Adds HTTP routes outside the module tree (an API document, its UI) before the app's routes are sealed. */
  configure?(app: INestApplication): void;
}

export interface RunningApp {
  name: string;
  url: string;
  app: INestApplication;
}

/** Builds and starts one app: its module tree, its transports (Kafka consumers), its HTTP listener (`/health`, `/metrics`, routes). */
export async function startApp(spec: AppSpec, config: AppConfig): Promise<RunningApp> {
  const logger = createLogger({ name: spec.name, level: config.get('LOG_LEVEL') });
  const app = await NestFactory.create(spec.module(config, logger), {
    logger: new NestJsonLogger(logger),
    abortOnError: false,
    bodyParser: false,
  });
  // Browsers must not sniff a response into another type (a JSON error rendered as HTML, say).
  app.use((_req: unknown, res: { setHeader(name: string, value: string): void }, next: () => void) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  // Every request: an id (X-Request-Id), a count and duration by route, one log line.
  app.use(observeRequests(logger, app.get(MetricsService)));
  // HTTP errors of every app: coded 4xx, generic 500, each with the request's id as correlationId.
  app.useGlobalFilters(new HttpErrorFilter(logger));
  spec.configure?.(app);
  // Modules first (database, topics, producer), then the consumers, then HTTP.
  await app.init();
  if (spec.connect) {
    spec.connect(app);
    await app.startAllMicroservices();
  }
  const host = config.get('HTTP_HOST');
  await app.listen(spec.port(config), host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : spec.port(config);
  const url = `http://${host}:${port}`;
  logger.info({ url }, `${spec.name} listening`);
  return { name: spec.name, url, app };
}

/**
 * The `main` of every process: validates the configuration once, starts the given apps, and on
 * SIGINT / SIGTERM closes them (finishing in-flight work) before exiting.
 */
export async function runApps(specs: AppSpec[], env: Environment = process.env): Promise<RunningApp[]> {
  let config: AppConfig;
  try {
    config = AppConfig.fromEnvironment(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(CONFIG_EXIT_CODE);
    }
    throw error;
  }
  const running: RunningApp[] = [];
  let stopping = false;
  const stop = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    const timer = setTimeout(() => {
      process.stderr.write(`shutdown took longer than SHUTDOWN_TIMEOUT_MS; exiting\n`);
      process.exit(1);
    }, config.get('SHUTDOWN_TIMEOUT_MS'));
    timer.unref();
    await Promise.allSettled(running.map((r) => r.app.close()));
    process.stderr.write(`${specs.map((s) => s.name).join(', ')} stopped (${signal})\n`);
    process.exit(exitCode);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  try {
    for (const spec of specs) running.push(await startApp(spec, config));
  } catch (error) {
    process.stderr.write(`Start-up failed: ${(error as Error).message}\n`);
    await Promise.allSettled(running.map((r) => r.app.close()));
    process.exit(error instanceof ConfigError ? CONFIG_EXIT_CODE : 1);
  }
  // A component that cannot recover (a consumer that cannot rejoin its group) ends the process
  // with a non-zero status, so that the supervisor starts a fresh one.
  for (const { app } of running) app.get(AppLifecycle).onFatal(() => void stop('fatal', FATAL_EXIT_CODE));
  if (process.send) process.send({ type: 'ready', apps: running.map((r) => ({ name: r.name, url: r.url })) });
  return running;
}
