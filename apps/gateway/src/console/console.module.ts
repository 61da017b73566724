import { DynamicModule, Module } from '@nestjs/common';
import path from 'node:path';
import { CONSOLE_DIR, ConsoleController } from './console.controller';

@Module({})
export class ConsoleModule {
  static forRoot(dir: string): DynamicModule {
    return {
      module: ConsoleModule,
      controllers: [ConsoleController],
      providers: [{ provide: CONSOLE_DIR, useValue: path.resolve(dir) }],
    };
  }
}
