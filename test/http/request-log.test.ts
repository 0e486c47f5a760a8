/**
 * Each request's logger is made only when something is logged through it (log.ts LazyChildLogger): what is
 * logged carries the request id as before, and nothing is written below the level. No personal data is logged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import pino from 'pino';
import { LazyChildLogger } from '../../src/log.ts';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({ write(chunk, _enc, cb) { for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>); cb(); } });
  return { lines, logger: pino({ level }, stream) };
}

test('a request logger logs with the request id, at and above the level only', async () => {
  for (const level of ['warn', 'info']) {
    const { lines, logger } = capture(level);
    const app = Fastify({ loggerInstance: logger, childLoggerFactory: (l, b, o) => new LazyChildLogger(l as pino.Logger, b, o) as never, disableRequestLogging: true });
    app.get('/x', async (req) => { req.log.info({ n: 1 }, 'info line'); req.log.error({ n: 2 }, 'error line'); assert.equal(req.log.level, level); return { ok: true }; });
    const r = await app.inject({ method: 'GET', url: '/x' });
    assert.equal(r.statusCode, 200);
    const msgs = lines.map((l) => l.msg);
    assert.deepEqual(msgs, level === 'warn' ? ['error line'] : ['info line', 'error line']);
    for (const l of lines) assert.equal(typeof l.reqId, 'string');
    await app.close();
  }
});

test('a child of a request logger keeps the request id', () => {
  const { lines, logger } = capture('info');
  const lazy = new LazyChildLogger(logger, { reqId: 'req-7' }, {});
  lazy.child({ part: 'x' }).warn('w');
  lazy.debug('not written');
  assert.deepEqual(lines.map((l) => [l.reqId, l.part, l.msg]), [['req-7', 'x', 'w']]);
});
