import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
  Headers,
  HttpCode,
  Post,
  UnauthorizedException,
} from '@nestjs/common';
import { AgentKeyRefused, IngestBoundary, ReportRefused } from './ingest-boundary';
import { refusedReports } from './ingest.metrics';
import type { IngestOutcome } from './report-ingest.service';
import { InvalidReport, validateReport } from './report-validation';
import { ReportBatcher } from './report-batcher';

/**
 * `POST /reports`: one fleet report (jdk-scan `--send`) with `Authorization: Bearer <agent key>`.
 * 202 `{ reportId, status: 'stored' | 'duplicate' }`; 400 `{ error, issues: [{ field, message }] }`
 * naming each bad field; 401 without a valid agent key (checked before the body is looked at);
 * 403 for a report about another host than the key's.
 */
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly ingest: ReportBatcher,
    private readonly boundary: IngestBoundary,
  ) {}

  @Post()
  @HttpCode(202)
  async receive(
    @Body() body: unknown,
    @Headers('authorization') authorization?: string,
  ): Promise<IngestOutcome> {
    let keyHost: string;
    try {
      keyHost = this.boundary.hostOf(this.boundary.keyOfHttp(authorization));
    } catch (error) {
      if (!(error instanceof AgentKeyRefused)) throw error;
      refusedReports.inc({ source: 'http' });
      throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: error.message });
    }
    let report;
    try {
      report = validateReport(body);
    } catch (error) {
      if (!(error instanceof InvalidReport)) throw error;
      refusedReports.inc({ source: 'http' });
      throw new BadRequestException({ error: 'invalid report', issues: error.issues });
    }
    try {
      report = this.boundary.admit(report, keyHost).report;
    } catch (error) {
      if (!(error instanceof ReportRefused)) throw error;
      refusedReports.inc({ source: 'http' });
      throw new ForbiddenException({ code: 'FORBIDDEN', message: error.reason, field: error.field });
    }
    return this.ingest.submit({ report, source: 'http' });
  }
}
