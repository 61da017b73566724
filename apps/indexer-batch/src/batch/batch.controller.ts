import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseIntPipe,
  Post,
  Query,
} from '@nestjs/common';
import { BatchWindowInFlight, BatchWindowStarter } from './batch-window-starter.service';
import { BatchWindowService } from './batch-window.service';
import { InvalidWindow } from './hopping-window';

/**
 * The batch's admin HTTP routes, for operators (the runbook in docs/operations.md; the gateway uses
 * RPC and reads the history from the platform DB). `GET /batch/windows` pages the history (newest
 * first); `POST /batch/windows` runs windows now in the background (202): the chain up to now, or
 * the window `{ from, to }` given (ISO instants); 409 while a start of this process (HTTP or RPC) runs.
 */
@Controller('batch/windows')
export class BatchController {
  constructor(
    private readonly windows: BatchWindowService,
    private readonly starter: BatchWindowStarter,
  ) {}

  @Get()
  list(@Query('limit') limit?: string, @Query('before') before?: string) {
    const beforeId = before === undefined ? undefined : Number(before);
    if (beforeId !== undefined && !Number.isSafeInteger(beforeId)) {
      throw new BadRequestException(`before must be a window id, got "${before}"`);
    }
    const pageSize = Math.min(100, Math.max(1, Number(limit) || 20));
    return this.windows.history.list(this.windows.settings.writeAlias, pageSize, beforeId);
  }

  @Get(':id')
  async get(@Param('id', ParseIntPipe) id: number) {
    const window = await this.windows.history.get(id);
    if (!window) throw new NotFoundException(`no batch window ${id}`);
    return window;
  }

  @Post()
  @HttpCode(202)
  run(@Body() body: { from?: string; to?: string } = {}) {
    try {
      const { window } = this.starter.start(body ?? {});
      return window
        ? { accepted: true, window: { from: window.from.toISOString(), to: window.to.toISOString() } }
        : { accepted: true, window: 'next' };
    } catch (error) {
      if (error instanceof InvalidWindow) throw new BadRequestException(error.message);
      if (error instanceof BatchWindowInFlight) throw new ConflictException(error.message);
      throw error;
    }
  }
}
