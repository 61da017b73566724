import { BadRequestException, Body, Controller, HttpCode, Post } from '@nestjs/common';
import { refusedReports } from '../inventory/inventory.metrics';
import type { IngestOutcome } from '../inventory/report-ingest.service';
import { InvalidReport, validateReport } from '../inventory/report-validation';
import { ReportBatcher } from './report-batcher';

/**
 * `POST /reports`: one fleet report (jdk-scan `--send`). 202 `{ reportId, status: 'stored' | 'duplicate' }`;
 * 400 `{ error, issues: [{ field, message }] }` naming each bad field.
 */
@Controller('reports')
export class ReportsController {
  constructor(private readonly ingest: ReportBatcher) {}

  @Post()
  @HttpCode(202)
  async receive(@Body() body: unknown): Promise<IngestOutcome> {
    let report;
    try {
      report = validateReport(body);
    } catch (error) {
      if (!(error instanceof InvalidReport)) throw error;
      refusedReports.inc({ source: 'http' });
      throw new BadRequestException({ error: 'invalid report', issues: error.issues });
    }
    return this.ingest.submit({ report, source: 'http' });
  }
}
