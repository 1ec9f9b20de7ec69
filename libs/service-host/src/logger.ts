import type { LoggerService, LogLevel } from '@nestjs/common';
import { currentContext } from './request-context';

const order: Record<string, number> = { verbose: 0, debug: 0, log: 1, info: 1, warn: 2, error: 3, fatal: 3 };
const nestBootContexts = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
  'NestMicroservice',
]);
const label: Record<string, string> = {
  verbose: 'DEBUG',
  debug: 'DEBUG',
  log: 'INFO ',
  warn: 'WARN ',
  error: 'ERROR',
  fatal: 'FATAL',
};

/**
 * One log format for every process: a readable line (the process name is
 * prefixed by the stack's supervisor) or one JSON object per line. Each line
 * carries the request id of the request that caused it.
 */
export class ServiceLogger implements LoggerService {
  private readonly threshold: number;

  constructor(
    private readonly service: string,
    level: 'debug' | 'info' | 'warn' | 'error' = 'info',
    private readonly format: 'pretty' | 'json' = 'pretty',
  ) {
    this.threshold = order[level] ?? 1;
  }

  log(message: unknown, ...rest: unknown[]) {
    this.write('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.write('fatal', message, rest);
  }
  setLogLevels(_levels: LogLevel[]) {
    // The level comes from LOG_LEVEL; Nest's own setting is ignored so there is one source.
  }

  private write(level: string, message: unknown, rest: unknown[]) {
    // Nest passes (message, context) or (message, stack, context) for errors.
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    // Nest's own start-up chatter (one line per module and route) is debug detail, not news.
    if (level === 'log' && context && nestBootContexts.has(context)) level = 'debug';
    if ((order[level] ?? 1) < this.threshold) return;
    const stack =
      level === 'error' && rest.length > 1 && typeof rest[0] === 'string' ? (rest[0] as string) : undefined;
    const ctx = currentContext();
    const text =
      message instanceof Error
        ? message.message
        : typeof message === 'string'
          ? message
          : JSON.stringify(message);
    const stream = order[level]! >= 2 ? process.stderr : process.stdout;
    if (this.format === 'json') {
      stream.write(
        JSON.stringify({
          time: new Date().toISOString(),
          level: label[level]!.trim().toLowerCase(),
          service: this.service,
          context,
          requestId: ctx?.requestId,
          office: ctx?.office,
          msg: text,
          stack,
        }) + '\n',
      );
      return;
    }
    const time = new Date().toISOString().slice(11, 23);
    const req = ctx ? ` req=${ctx.requestId}` : '';
    stream.write(
      `${time} ${label[level]} ${context ? `[${context}] ` : ''}${text}${req}\n${stack ? stack + '\n' : ''}`,
    );
  }
}
