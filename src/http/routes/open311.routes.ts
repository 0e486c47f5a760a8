/**
 * Open311 GeoReport v2 (issue 10) at /api/v1/open311: services, service definitions, requests (GET/POST), tokens —
 * each in .json and .xml. Errors answer in the Open311 shape ([{code, description}] / <errors>). POST takes
 * application/x-www-form-urlencoded (what Open311 clients send) or JSON, and needs api_key (FENGQIAO_OPEN311_API_KEY).
 * Mapping and privacy rules: src/services/open311.ts.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { DomainError, ERROR_STATUS } from '../../domain/errors.ts';
import { getRequest, listServices, postRequest, serviceDefinition, toXml, type Open311Post } from '../../services/open311.ts';
import type { App } from '../app.ts';
import { publicLimit } from '../schemas.ts';

const Format = Type.Union([Type.Literal('json'), Type.Literal('xml')]);
const Code = Type.String({ minLength: 1, maxLength: 20, pattern: '^[A-Za-z0-9]+$' });
const Any = Type.Unknown();

function send(reply: FastifyReply, format: 'json' | 'xml', root: string, value: unknown, status = 200) {
  reply.status(status);
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').send(toXml(root, value));
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(value));
}

async function answer(reply: FastifyReply, format: 'json' | 'xml', root: string, status: number, f: () => Promise<unknown> | unknown) {
  try {
    return send(reply, format, root, await f(), status);
  } catch (e) {
    if (!(e instanceof DomainError) || ERROR_STATUS[e.code] >= 500) throw e;
    const code = ERROR_STATUS[e.code];
    return send(reply, format, 'errors', [{ code, description: e.message }], code);
  }
}

/** a=1&attribute[id_number]=… → { a: '1', attribute: { id_number: '…' } } */
function parseForm(body: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const m = /^(\w+)\[(\w+)\]$/.exec(k);
    if (m) {
      const o = (out[m[1]!] ??= {}) as Record<string, string>;
      if (typeof o === 'object') o[m[2]!] = v;
    } else out[k] = v;
  }
  return out;
}

export default async function open311Routes(app: App) {
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 65_536 }, (_req, body, done) => done(null, parseForm(body as string)));
    const s = scope as unknown as App;
    const tags = ['open311'];

    s.get('/open311/services.:format', {
      schema: { tags, summary: 'Open311 服务列表 GeoReport v2 services', security: [], params: Type.Object({ format: Format }), response: { 200: Any } },
    }, async (req, reply) => answer(reply, req.params.format, 'services', 200, () => listServices()));

    s.get('/open311/services/:service_code.:format', {
      schema: { tags, summary: 'Open311 服务定义 Service definition (attributes)', security: [], params: Type.Object({ service_code: Code, format: Format }), response: { 200: Any, 404: Any } },
    }, async (req, reply) => answer(reply, req.params.format, 'service_definition', 200, () => serviceDefinition(req.params.service_code)));

    s.post('/open311/requests.:format', {
      config: publicLimit,
      schema: {
        tags, summary: 'Open311 提交请求 POST a service request (a real-name online petition)', security: [],
        params: Type.Object({ format: Format }),
        body: Type.Object({
          api_key: Type.Optional(Type.String({ maxLength: 200 })), service_code: Type.Optional(Code),
          description: Type.Optional(Type.String({ maxLength: 20000 })), address_string: Type.Optional(Type.String({ maxLength: 200 })),
          first_name: Type.Optional(Type.String({ maxLength: 25 })), last_name: Type.Optional(Type.String({ maxLength: 25 })),
          phone: Type.Optional(Type.String({ maxLength: 20 })), email: Type.Optional(Type.String({ maxLength: 200 })),
          lat: Type.Optional(Type.Union([Type.String({ maxLength: 30 }), Type.Number()])), long: Type.Optional(Type.Union([Type.String({ maxLength: 30 }), Type.Number()])),
          device_id: Type.Optional(Type.String({ maxLength: 200 })), account_id: Type.Optional(Type.String({ maxLength: 200 })),
          media_url: Type.Optional(Type.String({ maxLength: 2000 })),
          attribute: Type.Optional(Type.Record(Type.String({ maxLength: 50 }), Type.String({ maxLength: 200 }))),
        }),
        response: { 201: Any, 400: Any, 403: Any, 422: Any, 429: Any },
      },
    }, async (req, reply) => answer(reply, req.params.format, 'service_requests', 201, () => postRequest(app.fq.ctx, req.body as Open311Post)));

    s.get('/open311/requests.:format', {
      config: publicLimit,
      schema: {
        tags, summary: 'Open311 查询请求 GET requests by service_request_id (comma list) and the phone they were filed with', security: [],
        params: Type.Object({ format: Format }),
        querystring: Type.Object({
          service_request_id: Type.Optional(Type.String({ maxLength: 500 })), phone: Type.Optional(Type.String({ maxLength: 20 })),
          service_code: Type.Optional(Type.String({ maxLength: 200 })), start_date: Type.Optional(Type.String({ maxLength: 40 })),
          end_date: Type.Optional(Type.String({ maxLength: 40 })), status: Type.Optional(Type.String({ maxLength: 20 })),
        }),
        response: { 200: Any, 400: Any, 429: Any },
      },
    }, async (req, reply) => answer(reply, req.params.format, 'service_requests', 200, async () => {
      const ids = (req.query.service_request_id ?? '').split(',').map((x) => x.trim()).filter(Boolean).slice(0, 20);
      if (!ids.length) return [];
      const out = [];
      for (const id of ids) {
        try { out.push(await getRequest(app.fq.ctx, id, req.query.phone)); } catch (e) { if (!(e instanceof DomainError && e.code === 'NOT_FOUND')) throw e; }
      }
      return req.query.status ? out.filter((r) => r.status === req.query.status) : out;
    }));

    s.get('/open311/requests/:service_request_id.:format', {
      config: publicLimit,
      schema: {
        tags, summary: 'Open311 单个请求 GET one request (with phone, an extension: only the petitioner may follow it)', security: [],
        params: Type.Object({ service_request_id: Code, format: Format }), querystring: Type.Object({ phone: Type.Optional(Type.String({ maxLength: 20 })) }),
        response: { 200: Any, 400: Any, 404: Any, 429: Any },
      },
    }, async (req, reply) => answer(reply, req.params.format, 'service_requests', 200, async () => [await getRequest(app.fq.ctx, req.params.service_request_id, req.query.phone)]));

    s.get('/open311/tokens/:token.:format', {
      config: publicLimit,
      schema: {
        tags, summary: 'Open311 令牌换取请求号 service_request_id from a token (issued at once: the token is the request id)', security: [],
        params: Type.Object({ token: Code, format: Format }), querystring: Type.Object({ phone: Type.Optional(Type.String({ maxLength: 20 })) }),
        response: { 200: Any, 400: Any, 404: Any, 429: Any },
      },
    }, async (req, reply) => answer(reply, req.params.format, 'service_requests', 200, async () => {
      const r = await getRequest(app.fq.ctx, req.params.token, req.query.phone);
      return [{ service_request_id: r.service_request_id, token: req.params.token }];
    }));
  });
}
