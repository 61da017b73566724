import { Module } from '@nestjs/common';
import { JdkHostResolver, JdkInstallationResolver, JdkSummaryResolver } from './jdk.resolver';
import { JdkUpgradePlanResolver } from './upgrade-plan.resolver';

@Module({
  providers: [JdkHostResolver, JdkInstallationResolver, JdkSummaryResolver, JdkUpgradePlanResolver],
})
export class JdkModule {}
