import { Module } from '@nestjs/common';
import { JmhComparisonResolver, JmhRunResolver } from './benchmarks.resolver';

@Module({ providers: [JmhRunResolver, JmhComparisonResolver] })
export class BenchmarksModule {}
