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
import { RecoveryAlreadyRunning, RecoveryService } from './recovery.service';

/**
 * Recovery as a service operation. `POST /recovery/runs` starts (or resumes) a rebuild in the
 * background and answers 202 at once; progress is read from `GET /recovery/runs`.
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
  start(@Body() body: { resume?: boolean } = {}) {
    if (this.inFlight) throw new ConflictException('a recovery is already running in this process');
    this.inFlight = this.recovery
      .run({ resume: body?.resume !== false })
      .catch((error: unknown) => {
        if (error instanceof RecoveryAlreadyRunning) this.logger.warn(error.message);
        else this.logger.error(`recovery failed: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => (this.inFlight = undefined));
    return { accepted: true };
  }
}
