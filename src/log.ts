/**
 * Logging with pino. Ids and codes only: never names, ID numbers, phones or petition text (DOMAIN.md §8).
 * Request URLs are logged without their query string (the public lookup carries a phone there), and
 * authorization headers and cookies are never serialised.
 */
import pino, { type Logger } from 'pino';

export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { app: 'fengqiao' },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: {
      req: (req: { method?: string; url?: string; id?: string }) => ({ id: req.id, method: req.method, url: (req.url ?? '').split('?')[0] }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.idNumber', '*.phone'], remove: true },
  });
}
