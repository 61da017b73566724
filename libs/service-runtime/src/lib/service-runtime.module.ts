import { DynamicModule, Global, Module, type RequestMethod } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
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
   * fifth of `POST /reports` throughput, docs/benchmarks.md). Their handler echoes `x-request-id`
   * itself (`correlationId`).
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

@Global()
@Module({})
export class ServiceRuntimeModule {
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
      providers: [ReadinessRegistry],
      exports: [ReadinessRegistry],
    };
  }
}
