import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Post,
  Query,
  NotFoundException,
} from '@nestjs/common';
import { RecoveryInFlight, RecoveryStarter } from './recovery-starter.service';
import { RecoveryRunFailed, RecoveryService } from './recovery.service';

/**
 * Recovery as a service operation. `POST /recovery/runs` starts (or resumes) a rebuild in the
 * background and answers 202 at once (409 while one started here over HTTP or RPC runs, or when the
 * last run failed and `retry` is not set);
 * progress is read from `GET /recovery/runs`.
 */
@Controller('recovery/runs')
export class RecoveryController {
  constructor(
    private readonly recovery: RecoveryService,
    private readonly starter: RecoveryStarter,
  ) {}

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
    try {
      await this.starter.start({ resume: body?.resume, retry: body?.retry });
    } catch (error) {
      if (error instanceof RecoveryInFlight || error instanceof RecoveryRunFailed)
        throw new ConflictException(error.message);
      throw error;
    }
    return { accepted: true };
  }
}
