import type { JmhBuild, JmhComparison, JmhRun } from '@keel/api-contracts';
import {
  Body,
  Controller,
  Get,
  Header,
  HttpException,
  NotFoundException,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { ResultNotifier } from '../notifications/result-notifier';
import { JmhRunnerService } from './jmh-runner.service';
import {
  compareSchema,
  digestSchema,
  enqueueRunSchema,
  listBuildsSchema,
  listRunsSchema,
  parseRequest,
} from './requests';
import { answer as answerRefusing, type Refusal } from './runner-errors';

const asHttpError = ({ status, message }: Refusal): Error =>
  new HttpException({ statusCode: status, message }, status);
const answer = <T>(work: () => Promise<T>): Promise<T> => answerRefusing(work, asHttpError);

/** Operators' HTTP face: builds, runs, comparisons and the Markdown digest. */
@Controller()
export class JmhController {
  constructor(
    private readonly runner: JmhRunnerService,
    private readonly notifier: ResultNotifier,
  ) {}

  @Get('builds')
  listBuilds(@Query() query: Record<string, string>) {
    return answer(() => this.runner.stores.builds.listBuilds(parseRequest(listBuildsSchema, query)));
  }

  @Post('builds/discover')
  async discover() {
    const report = await this.runner.discover();
    await this.notifier.buildsQueued(report.created, report.queued);
    return report;
  }

  @Get('builds/:id')
  async build(@Param('id') id: string): Promise<JmhBuild> {
    const [build] = await this.runner.stores.builds.buildsByIds([id]);
    if (!build) throw new NotFoundException(`no build ${id}`);
    return build;
  }

  @Get('builds/:id/runs')
  runsOfBuild(@Param('id') id: string, @Query() query: Record<string, string>) {
    return answer(() =>
      this.runner.stores.runs.listRuns(parseRequest(listRunsSchema, { ...query, buildId: id })),
    );
  }

  @Get('builds/:id/digest')
  @Header('content-type', 'text/markdown; charset=utf-8')
  async digest(@Param('id') id: string, @Query('against') against?: string): Promise<string> {
    return answer(async () => {
      const request = parseRequest(digestSchema, {
        buildId: id,
        ...(against ? { againstBuildId: against } : {}),
      });
      return (await this.runner.digest(request)).markdown;
    });
  }

  @Get('builds/:id/digest.json')
  digestJson(@Param('id') id: string, @Query('against') against?: string) {
    return answer(async () =>
      this.runner.digest(
        parseRequest(digestSchema, {
          buildId: id,
          inlineSvg: true,
          ...(against ? { againstBuildId: against } : {}),
        }),
      ),
    );
  }

  /** Queues a run: `{ "build": "<id or JDK dir>", "profile": "quick", "include": "regex", "jar": "path" }`. */
  @Post('runs')
  enqueue(@Body() body: unknown): Promise<JmhRun> {
    return answer(() => this.runner.enqueue(parseRequest(enqueueRunSchema, body)));
  }

  @Get('runs/:id')
  async run(@Param('id') id: string): Promise<JmhRun> {
    const [run] = await this.runner.stores.runs.runsByIds([id]);
    if (!run) throw new NotFoundException(`no run ${id}`);
    return run;
  }

  @Post('comparisons')
  compare(@Body() body: unknown): Promise<JmhComparison> {
    return answer(() => this.runner.compare(parseRequest(compareSchema, body)));
  }

  @Get('comparisons/:id')
  async comparison(@Param('id') id: string): Promise<JmhComparison> {
    const found = await this.runner.stores.comparisons.findComparison(id);
    if (found === null) throw new NotFoundException(`no comparison ${id}`);
    return found;
  }
}
