/**
 * Logging with pino. Ids and codes only: never names, ID numbers, phones or petition text (DOMAIN.md §8).
 * Request URLs are logged without their query string (the public lookup carries a phone there), and
 * authorization headers and cookies are never serialised.
 */
import cluster from 'node:cluster';
import pino, { type Logger } from 'pino';

export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    // a worker of several (FENGQIAO_WORKERS, src/cluster.ts) says which it is
    base: cluster.isWorker ? { app: 'fengqiao', pid: process.pid } : { app: 'fengqiao' },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: {
      req: (req: { method?: string; url?: string; id?: string }) => ({ id: req.id, method: req.method, url: (req.url ?? '').split('?')[0] }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.idNumber', '*.phone'], remove: true },
  });
}

type LogFn = (...args: unknown[]) => void;
type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Fastify's per-request logger (its `childLoggerFactory`), made when something is first logged through it: a pino
 * child per request (its bindings serialised, its prototype chain set up) costs more than everything else the
 * request logs at level warn, where nothing is logged. The child, once made, is the one Fastify would have made.
 */
export class LazyChildLogger {
  private made: Logger | undefined;
  constructor(private readonly parent: Logger, private readonly bindings: pino.Bindings, private readonly opts: pino.ChildLoggerOptions) {}
  private get real(): Logger { return (this.made ??= this.parent.child(this.bindings, this.opts)); }
  private at(level: Level, args: unknown[]): void {
    if (this.made || this.parent.isLevelEnabled(level)) (this.real[level] as LogFn)(...args);
  }
  get level(): string { return (this.made ?? this.parent).level; }
  set level(v: string) { this.real.level = v; }
  fatal(...args: unknown[]): void { this.at('fatal', args); }
  error(...args: unknown[]): void { this.at('error', args); }
  warn(...args: unknown[]): void { this.at('warn', args); }
  info(...args: unknown[]): void { this.at('info', args); }
  debug(...args: unknown[]): void { this.at('debug', args); }
  trace(...args: unknown[]): void { this.at('trace', args); }
  silent(): void {}
  child(bindings: pino.Bindings, opts?: pino.ChildLoggerOptions): Logger { return this.real.child(bindings, opts); }
}
