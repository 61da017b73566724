import { Module } from '@nestjs/common';
import { JdkHostResolver, JdkInstallationResolver, JdkSummaryResolver } from './jdk.resolver';

@Module({ providers: [JdkHostResolver, JdkInstallationResolver, JdkSummaryResolver] })
export class JdkModule {}
