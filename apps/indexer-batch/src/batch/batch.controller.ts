import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  Logger,
  NotFoundException,
  Param,
  ParseIntPipe,
  Post,
  Query,
} from '@nestjs/common';
import { BatchWindowBusy, BatchWindowService } from './batch-window.service';
import { InvalidWindow, parseWindow, type HoppingWindow } from './hopping-window';

/**
 * The batch as a service operation, for the gateway. `GET /batch/windows` pages the history (newest
 * first); `POST /batch/windows` runs windows now in the background (202): the chain up to now, or
 * the window `{ from, to }` given (ISO instants).
 */
@Controller('batch/windows')
export class BatchController {
  private readonly logger = new Logger(BatchController.name);
  private inFlight: Promise<unknown> | undefined;

  constructor(private readonly windows: BatchWindowService) {}

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
    if (this.inFlight) throw new ConflictException('a window started from the API is still running');
    let window: HoppingWindow | undefined;
    if (body?.from !== undefined || body?.to !== undefined) {
      try {
        window = parseWindow(body.from, body.to);
      } catch (error) {
        if (error instanceof InvalidWindow) throw new BadRequestException(error.message);
        throw error;
      }
    }
    const work = window ? this.windows.runWindow(window) : this.windows.catchUp();
    this.inFlight = work
      .catch((error: unknown) => {
        if (error instanceof BatchWindowBusy) this.logger.warn(error.message);
        else
          this.logger.error(`batch window failed: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => (this.inFlight = undefined));
    return window
      ? { accepted: true, window: { from: window.from.toISOString(), to: window.to.toISOString() } }
      : { accepted: true, window: 'next' };
  }
}
