import { AUTHORISATION, type AppAuthorisation, type RpcApp } from '@keel/api-contracts';
import { INestApplication, Type, DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { ConfigError } from './config';
import { HttpIdentityGuard } from './identity/http-identity.guard';
import { loadKeyring } from './identity/keyring';
import { RpcErrorFilter } from './identity/rpc-errors';
import { IdentifiedTcpServer, rpcTlsFromEnv } from './identity/rpc-transport';
import { UsageError } from './cli-options';

export interface ListenOptions {
  service: string;
  host: string;
  port: number;
  /**
   * Where the app also answers @nestjs/microservices requests over TCP (the gateway's way in), e.g.
   * `{ host: '0.0.0.0', port: 4004 }`. Message handlers are `@MessagePattern` methods in controllers.
   */
  rpc?: { host: string; port: number };
  /** Largest JSON request body, e.g. '32mb' (Express's default is 100 kB). */
  jsonBodyLimit?: string;
  /**
   * Who may call which RPC pattern and admin HTTP route. Default: this service's entry in
   * AUTHORISATION (@keel/api-contracts); a service without one refuses every pattern and route.
   */
  authorisation?: AppAuthorisation;
  /**
   * The HTTP side authenticates its own callers (the gateway: people's API tokens); only the RPC
   * side then checks service identities.
   */
  publicHttp?: boolean;
}

/**
 * Creates the Nest app with JSON logs and shutdown hooks (SIGTERM closes modules in order, so a
 * consumer can finish the batch in hand) and starts listening.
 */
export async function bootstrapService(
  module: Type<unknown> | DynamicModule,
  options: ListenOptions,
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true });
  // registered before init, so Nest does not add its default 100 kB JSON parser
  if (options.jsonBodyLimit) app.useBodyParser('json', { limit: options.jsonBodyLimit });
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.enableShutdownHooks();
  const keyring = loadKeyring(options.service);
  const authorisation = options.authorisation ??
    AUTHORISATION[options.service as RpcApp] ?? { rpc: {}, http: {} };
  if (!options.publicHttp) app.useGlobalGuards(new HttpIdentityGuard(keyring, authorisation.http));
  if (options.rpc) {
    // before the microservice exists: its handlers are created with the global filters of that moment
    app.useGlobalFilters(new RpcErrorFilter(app.getHttpAdapter()));
    app.connectMicroservice(
      {
        strategy: new IdentifiedTcpServer({
          host: options.rpc.host,
          port: options.rpc.port,
          keyring,
          authorisation: authorisation.rpc,
          tls: rpcTlsFromEnv(),
        }),
      },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
    logger.log(`${options.service} answering RPC on tcp://${options.rpc.host}:${options.rpc.port}`);
  }
  await app.listen(options.port, options.host);
  logger.log(`${options.service} listening on http://${options.host}:${options.port}`);
  return app;
}

/**
 * Runs a service's main function. A configuration error is printed plainly (it names the variable)
 * and exits with status 78 (EX_CONFIG); anything else is printed with its stack and exits 1.
 */
export function runService(main: () => Promise<unknown>): void {
  main().catch((error: unknown) => exitOnError(error, [], true));
}

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Runs a CLI's main function and exits with the status it returns. A thrown ConfigError exits 78
 * with its message, a UsageError 2; an error of a class in `exitCodes` exits with its code and
 * message; anything else exits 1 with the message.
 */
export function runCli(main: () => Promise<number>, exitCodes: [ErrorClass, number][] = []): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => exitOnError(error, [[UsageError, 2], ...exitCodes], false),
  );
}

function exitOnError(error: unknown, exitCodes: [ErrorClass, number][], withStack: boolean): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
  const text =
    error instanceof Error ? (withStack ? (error.stack ?? error.message) : error.message) : String(error);
  process.stderr.write(`${text}\n`);
  const known = exitCodes.find(([type]) => error instanceof type);
  process.exit(known ? known[1] : 1);
}
