import {
  DynamicModule,
  Global,
  Inject,
  Module,
  type MiddlewareConsumer,
  type NestModule,
  type RequestMethod,
} from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HealthController } from './health.controller';
import { MetricsController, initMetrics } from './metrics';
import { ReadinessRegistry } from './readiness-registry.service';

export interface ServiceRuntimeOptions {
  service: string;
  logLevel: string;
  /**
   * Routes served without the per-request logger: no access line, and lines logged while serving
   * them carry no `correlationId`. For high-volume ingest endpoints whose requests metrics count
   * (pino-http builds and serializes a child logger per request even when nothing is printed: a
   * fifth of `POST /reports` throughput, docs/benchmarks.md). They still echo `x-request-id`.
   */
  unloggedRoutes?: { method: RequestMethod; path: string }[];
}

const CORRELATION_HEADERS = ['x-request-id', 'x-correlation-id'];

/** Reuses the caller's correlation ID when it sends one, so a request can be followed across services. */
export function correlationId(req: IncomingMessage): string {
  for (const header of CORRELATION_HEADERS) {
    const value = req.headers[header];
    if (typeof value === 'string' && /^[\w.:-]{1,128}$/.test(value)) return value;
  }
  return randomUUID();
}

const SERVICE_RUNTIME_OPTIONS = Symbol('ServiceRuntimeOptions');

/** Sets the request's correlation ID and echoes it, where the request logger (which does that) is off. */
function echoCorrelationId(
  req: IncomingMessage & { id?: unknown },
  res: ServerResponse,
  next: () => void,
): void {
  const id = correlationId(req);
  req.id = id;
  res.setHeader('x-request-id', id);
  next();
}

@Global()
@Module({})
export class ServiceRuntimeModule implements NestModule {
  constructor(@Inject(SERVICE_RUNTIME_OPTIONS) private readonly options: ServiceRuntimeOptions) {}

  configure(consumer: MiddlewareConsumer): void {
    const unlogged = this.options.unloggedRoutes ?? [];
    if (unlogged.length > 0) consumer.apply(echoCorrelationId).forRoutes(...unlogged);
  }

  static forRoot(options: ServiceRuntimeOptions): DynamicModule {
    initMetrics(options.service);
    return {
      module: ServiceRuntimeModule,
      imports: [
        TerminusModule.forRoot({ logger: false }),
        LoggerModule.forRoot({
          exclude: options.unloggedRoutes ?? [],
          pinoHttp: {
            level: options.logLevel,
            base: { service: options.service },
            genReqId: (req, res) => {
              const id = correlationId(req);
              res.setHeader('x-request-id', id);
              return id;
            },
            // every line logged while serving a request carries its correlation ID at the top level
            customProps: (req) => ({ correlationId: req.id }),
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
          },
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [ReadinessRegistry, { provide: SERVICE_RUNTIME_OPTIONS, useValue: options }],
      exports: [ReadinessRegistry],
    };
  }
}
