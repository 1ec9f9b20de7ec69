import { Global, Module, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { ConfigError, loadConfig, servicePort, type Config, type ServiceName } from '@tatalaman/config';
import { HealthController, HealthRegistry, SERVICE_NAME } from './health';
import { ServiceLogger } from './logger';
import { requestIdFrom, runWithContext } from './request-context';

export const APP_CONFIG = Symbol('APP_CONFIG');

export interface ServiceOptions {
  name: ServiceName;
  module: Type<unknown> | DynamicModule;
  /** Set-up between creating the app and listening: microservice transports, static files, OpenAPI. */
  configure?: (app: INestApplication, config: Config) => Promise<void> | void;
}

function hostModule(name: ServiceName, config: Config): DynamicModule {
  @Global()
  @Module({})
  class ServiceHostModule {}
  return {
    module: ServiceHostModule,
    controllers: [HealthController],
    providers: [
      HealthRegistry,
      { provide: SERVICE_NAME, useValue: name },
      { provide: APP_CONFIG, useValue: config },
    ],
    exports: [HealthRegistry, SERVICE_NAME, APP_CONFIG],
  };
}

/** Every request gets an id (the caller's if it sent one) that appears in each log line and in the response. */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction) {
  const requestId = requestIdFrom(req.headers['x-request-id']);
  res.setHeader('x-request-id', requestId);
  runWithContext({ requestId }, next);
}

/** Creates the Nest app of one process with the platform's logger, health endpoint and shutdown behaviour. */
export async function createService(
  options: ServiceOptions,
  config = loadConfig(),
): Promise<INestApplication> {
  const logger = new ServiceLogger(options.name, config.LOG_LEVEL, config.LOG_FORMAT);
  @Module({ imports: [hostModule(options.name, config), options.module] })
  class ServiceRootModule {}
  const app = await NestFactory.create(ServiceRootModule, { logger, bufferLogs: true });
  app.use(requestIdMiddleware);
  app.enableShutdownHooks();
  await options.configure?.(app, config);
  return app;
}

/** Entry point of a service process: start, listen, and on failure exit with one readable line. */
export async function runService(options: ServiceOptions): Promise<INestApplication | undefined> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const logger = new ServiceLogger(options.name, config.LOG_LEVEL, config.LOG_FORMAT);
  try {
    const app = await createService(options, config);
    await app.startAllMicroservices();
    const port = servicePort(config, options.name);
    await app.listen(port, config.HTTP_HOST);
    logger.log(`${options.name} ready on http://${config.HTTP_HOST}:${port}`, 'Bootstrap');
    return app;
  } catch (error) {
    logger.error(
      `${options.name} failed to start: ${error instanceof Error ? error.message : String(error)}`,
      'Bootstrap',
    );
    if (config.LOG_LEVEL === 'debug' && error instanceof Error && error.stack)
      process.stderr.write(error.stack + '\n');
    process.exit(1);
  }
}
