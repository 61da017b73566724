import { INestApplication, Type, DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigError } from './config';

export interface ListenOptions {
  service: string;
  host: string;
  port: number;
}

/**
 * Creates the Nest app with JSON logs and shutdown hooks (SIGTERM closes modules in order, so a
 * consumer can finish the batch in hand) and starts listening.
 */
export async function bootstrapService(
  module: Type<unknown> | DynamicModule,
  options: ListenOptions,
): Promise<INestApplication> {
  const app = await NestFactory.create(module, { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.enableShutdownHooks();
  await app.listen(options.port, options.host);
  logger.log(`${options.service} listening on http://${options.host}:${options.port}`);
  return app;
}

/**
 * Runs a service's main function. A configuration error is printed plainly (it names the variable)
 * and exits with status 78 (EX_CONFIG); anything else is printed with its stack and exits 1.
 */
export function runService(main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
