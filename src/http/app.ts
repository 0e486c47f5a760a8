/**
 * The Fastify application. Plugins in a fixed order (fastify/demo): external (OpenAPI, rate limits), then ours
 * (errors, auth), then the routes under /api/v1. Every route has request and response schemas; the OpenAPI
 * document at /api/v1/openapi.json is generated from them, with interactive docs at /api/docs.
 */
import Fastify, { type FastifyServerOptions, type FastifyBaseLogger, type FastifyInstance, type RawReplyDefaultExpression, type RawRequestDefaultExpression, type RawServerDefault } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import rateLimit from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import { LazyChildLogger } from '../log.ts';
import type { Ctx } from '../services/context.ts';
import { Sessions } from '../services/auth.ts';
import { authPlugin } from './plugins/auth.ts';
import { installErrorHandler } from './plugins/errors.ts';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROUTES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'routes');

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

declare module 'fastify' {
  interface FastifyInstance {
    fq: { ctx: Ctx; sessions: Sessions };
  }
}

/** The security headers of every answer (the hook below; a plain callback hook: no promise per request). */
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(self), microphone=(self), geolocation=()',
} as const;
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

export interface AppOptions {
  ctx: Ctx;
  logger?: Logger | false;
  tokenTtlHours?: number;
  /** a session unused this long ends (default 30 minutes) */
  idleMinutes?: number;
  /** rate limits on login and public endpoints; tests and benchmarks of other paths may lift them */
  rateLimit?: boolean;
  /** Fastify's trustProxy (FENGQIAO_TRUST_PROXY): req.ip is the client's address behind nginx */
  trustProxy?: boolean | number | string;
}

export async function buildApp(opts: AppOptions): Promise<App> {
  const app = Fastify({
    loggerInstance: (opts.logger || undefined) as FastifyBaseLogger | undefined,
    logger: opts.logger ? undefined : false,
    bodyLimit: 1_048_576,
    trustProxy: (opts.trustProxy ?? false) as FastifyServerOptions['trustProxy'],
    // the OpenAPI document says `format: date-time`; ajv-formats is bundled with Fastify
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
    // each request's logger is made when something is logged through it (log.ts)
    ...(opts.logger ? { childLoggerFactory: (logger: FastifyBaseLogger, bindings: Record<string, unknown>, o: object) => new LazyChildLogger(logger as Logger, bindings, o) as unknown as FastifyBaseLogger } : {}),
  }).withTypeProvider<TypeBoxTypeProvider>();

  const sessions = new Sessions(opts.ctx, opts.tokenTtlHours ?? 12, opts.idleMinutes);
  app.decorate('fq', { ctx: opts.ctx, sessions });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Fengqiao 枫桥 API', version: '1.0.0', description: 'Petition work (信访) — the public v1 contract. See API.md.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  // Rate limits apply to the routes that declare `config.rateLimit` (login, public). Without the plugin that
  // config is inert: tests of other behaviour and benchmarks switch it off.
  if (opts.rateLimit !== false) await app.register(rateLimit, { global: false, enableDraftSpec: true });
  installErrorHandler(app);
  // Security headers on every answer (等保2.0; OWASP secure headers). The pages load only their own scripts;
  // antd writes inline styles; video reception needs camera and microphone on our own origin.
  app.addHook('onSend', (req, reply, payload, done) => {
    reply.headers(SECURITY_HEADERS);
    if (!req.url.startsWith('/api/docs')) reply.header('content-security-policy', CSP);
    if (req.headers['x-forwarded-proto'] === 'https' || req.protocol === 'https') {
      reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    }
    done(null, payload);
  });
  await app.register(authPlugin, { sessions });
  // WebSocket routes (video signalling, live updates): registered once, as each registration answers every upgrade
  await app.register(websocket, { options: { maxPayload: 256 * 1024 } });

  await app.register(async (api) => {
    const v1 = api as unknown as App;
    // every routes/<resource>.routes.ts registers itself through its default export, in file-name order
    for (const file of fs.readdirSync(ROUTES_DIR).filter((f) => f.endsWith('.routes.ts')).sort()) {
      const mod = (await import(path.join(ROUTES_DIR, file))) as { default?: (app: App) => Promise<void> };
      if (typeof mod.default !== 'function') throw new Error(`${file} has no default export registering its routes`);
      await mod.default(v1);
    }
    v1.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    v1.get('/health', { schema: { hide: true } }, async () => ({ ok: true }));
  }, { prefix: '/api/v1' });

  return app;
}
