/**
 * One place maps errors to HTTP (STYLE.md §6): DomainError codes to their status; Fastify's schema validation to
 * 400 BAD_INPUT with the field; malformed JSON, wrong content types and oversized bodies to 400/413/415; anything
 * else to 500 with no details (logged by id).
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { DomainError, ERROR_STATUS } from '../../domain/errors.ts';

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | DomainError | Error, req, reply) => {
    if (err instanceof DomainError) {
      return reply.status(ERROR_STATUS[err.code]).send(errorBody(err.code, err.message, err.details));
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      const first = fe.validation[0];
      const field = first ? `${fe.validationContext ?? ''}${first.instancePath || ''}`.replace(/\//g, '.') : undefined;
      return reply.status(400).send(errorBody('BAD_INPUT', `请求参数不正确：${fe.message}`, { field, context: fe.validationContext }));
    }
    if (fe.statusCode === 429) {
      return reply.status(429).send(errorBody('RATE_LIMITED', '请求过于频繁，请稍后再试'));
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      const code = fe.statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : fe.statusCode === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : fe.statusCode === 404 ? 'NOT_FOUND' : 'BAD_INPUT';
      return reply.status(fe.statusCode).send(errorBody(code, fe.message));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send(errorBody('INTERNAL', '服务器内部错误'));
  });
  app.setNotFoundHandler((req, reply) => reply.status(404).send(errorBody('NOT_FOUND', `没有这个地址：${req.method} ${req.url.split('?')[0]}`)));
}
