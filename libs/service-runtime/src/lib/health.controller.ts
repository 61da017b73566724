import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ReadinessRegistry } from './readiness-registry.service';
import { errorMessage } from './error-message';

const PROBE_TIMEOUT_MS = 3_000;

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly registry: ReadinessRegistry,
  ) {}

  /** Readiness: every registered dependency answers within its timeout. */
  @Get()
  @HealthCheck()
  ready() {
    return this.health.check(
      this.registry.entries().map(([name, probe]) => async () => {
        const indicator = this.indicators.check(name);
        try {
          const details = await withTimeout(probe(), PROBE_TIMEOUT_MS, name);
          return indicator.up(details ?? {});
        } catch (error) {
          return indicator.down({ message: errorMessage(error) });
        }
      }),
    );
  }

  /** Liveness: the event loop answers. Dependencies are deliberately not checked here. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
