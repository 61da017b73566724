import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  Logger,
  Param,
  ParseIntPipe,
  Post,
  Query,
  NotFoundException,
} from '@nestjs/common';
import { RecoveryAlreadyRunning, RecoveryRunFailed, RecoveryService } from './recovery.service';

/**
 * Recovery as a service operation. `POST /recovery/runs` starts (or resumes) a rebuild in the
 * background and answers 202 at once (409 when the last run failed and `retry` is not set);
 * progress is read from `GET /recovery/runs`.
 */
@Controller('recovery/runs')
export class RecoveryController {
  private readonly logger = new Logger(RecoveryController.name);
  private inFlight: Promise<unknown> | undefined;

  constructor(private readonly recovery: RecoveryService) {}

  @Get()
  list(@Query('limit') limit?: string) {
    return this.recovery.runs.list(undefined, Math.min(100, Number(limit) || 20));
  }

  @Get(':id')
  async get(@Param('id', ParseIntPipe) id: number) {
    const run = await this.recovery.runs.get(id);
    if (!run) throw new NotFoundException(`no recovery run ${id}`);
    return run;
  }

  @Post()
  @HttpCode(202)
  async start(@Body() body: { resume?: boolean; retry?: boolean } = {}) {
    if (this.inFlight) throw new ConflictException('a recovery is already running in this process');
    const resume = body?.resume !== false;
    const unfinished = await this.recovery.runs.unfinished(this.recovery.alias);
    if (resume && unfinished?.status === 'failed' && body?.retry !== true) {
      throw new ConflictException(new RecoveryRunFailed(unfinished).message);
    }
    this.inFlight = this.recovery
      .run({ resume, retry: body?.retry === true })
      .catch((error: unknown) => {
        if (error instanceof RecoveryAlreadyRunning) this.logger.warn(error.message);
        else this.logger.error(`recovery failed: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => (this.inFlight = undefined));
    return { accepted: true };
  }
}
