import { Logger } from '@nestjs/common';

/** What the coordination classes log through; Nest's Logger (pino in a Keel app) by default. */
export interface CoordinationLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug?(message: string): void;
}

export const defaultCoordinationLogger = (context: string): CoordinationLogger => new Logger(context);

/** Kept for the coordination classes' callers: the one definition is @keel/service-runtime's. */
export { errorMessage } from '@keel/service-runtime';
