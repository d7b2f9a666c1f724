import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyError } from 'fastify';
import cookie from '@fastify/cookie';
import websocket from '@fastify/websocket';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { Permission } from '../auth/policies.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Hub } from '../realtime/hub.ts';
import { oncePerRequest, requireAccess, type ActorResolver } from './access.ts';
import { AppError, errorBody } from './errors.ts';
import { registerJsonParser } from './json-parser.ts';
import { isApiRequest, limitBucket, limitPerCredential, trustHops } from './rate-limit.ts';
import { refuseCrossSiteWrites } from './same-origin.ts';
import { WEB_APP_HEADERS } from './web-app-headers.ts';
import { registerTextRepair } from './request-text.ts';
import { logSerializers } from './log.ts';
import { NestingTooDeepError } from '../text.ts';

/** What every domain's routes receive: the database, settings, the guard and the job queue. */
export interface AppContext {
  db: Db;
  config: Config;
  jobs: JobQueue;
  /** Live events to connected agents (after commit). */
  hub: Hub;
  /** The access check for a route: `onRequest: ctx.guard('customers:read')`. */
  guard: (permission: Permission) => ReturnType<typeof requireAccess>;
  resolveActor: ActorResolver;
}

export type DomainRoutes = FastifyPluginAsync<{ ctx: AppContext }>;

const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

export interface BuildOptions {
  ctx: Omit<AppContext, 'guard'>;
  /** Routes under /api/v1 (the management API). */
  api: DomainRoutes[];
  /** Routes at the root (the Segment-compatible /v1 ingestion, public pages). */
  root: DomainRoutes[];
  logger?: boolean;
  /** Where log lines go, one JSON object each (default: standard output). */
  logStream?: { write(line: string): void };
}

export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const { config } = options.ctx;
  const app = Fastify({
    logger: options.logger === false ? false : { level: config.logLevel, serializers: logSerializers, ...(options.logStream ? { stream: options.logStream } : {}) },
    // Batches are capped at 500 KB by the ingestion routes; the rest of the API takes 1 MB.
    bodyLimit: 1024 * 1024,
    // Behind reverse proxies, TOUCHPOINT_TRUST_PROXY names them (or counts them) so client addresses are real.
    // Fastify trusts no one for a bare hop count (it cannot check the peer), so the count is a function here.
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    // Signed tokens travel as path segments (survey links): longer than the default 100 characters.
    routerOptions: { maxParamLength: 1000 },
  }).withTypeProvider<ZodTypeProvider>();

  const resolveActor = oncePerRequest(options.ctx.resolveActor);
  const ctx: AppContext = { ...options.ctx, resolveActor, guard: (permission) => requireAccess(resolveActor, permission) };

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('actor', null);
  registerJsonParser(app);
  registerTextRepair(app);
  app.setErrorHandler(handleError);

  await app.register(cookie);
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(rateLimit, {
    // Not per route: limitPerCredential runs it before the routes' own hooks (the guard).
    global: false,
    keyGenerator: (req) => limitBucket(req, resolveActor),
    max: (req) => (req.url.startsWith('/v1/') ? config.rateLimit.ingest : config.rateLimit.api),
    timeWindow: 60_000,
    allowList: (req) => !isApiRequest(req),
    errorResponseBuilder: (_req, context) =>
      new AppError(429, 'rate_limited', `Too many requests: the limit is ${context.max} per minute. Retry after ${context.after}.`),
  });
  limitPerCredential(app);
  refuseCrossSiteWrites(app, resolveActor, config.publicUrl);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Touchpoint API',
        version: '1',
        description: 'Management API (/api/v1, secret key or session) and Segment-compatible ingestion (/v1, write key).',
      },
      components: {
        securitySchemes: {
          secretKey: { type: 'http', scheme: 'bearer', description: 'A secret key: Authorization: Bearer tp_secret_…' },
          writeKey: { type: 'http', scheme: 'basic', description: 'A write key as the Basic user name, empty password' },
          session: { type: 'apiKey', in: 'cookie', name: 'tp_session' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });

  await app.register(
    async (api) => {
      for (const routes of options.api) await api.register(routes, { ctx });
      api.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: '/api/v1' },
  );
  for (const routes of options.root) await app.register(routes, { ctx });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));
  await serveWebApp(app);
  return app;
}

async function serveWebApp(app: FastifyInstance): Promise<void> {
  const hasWeb = fs.existsSync(path.join(webDist, 'index.html'));
  // wildcard: files are looked up per request, so a rebuilt app is served without a restart.
  if (hasWeb) {
    // setHeaders covers every file sent, index.html for `/` and client-side routes included.
    await app.register(fastifyStatic, { root: webDist, wildcard: true, index: false, setHeaders: (res) => void Object.entries(WEB_APP_HEADERS).forEach(([name, value]) => res.setHeader(name, value)) });
    app.get('/', { schema: { hide: true } }, (_req, reply) => reply.type('text/html').sendFile('index.html'));
  }
  app.setNotFoundHandler((req, reply) => {
    const isApi = req.url.startsWith('/api/') || req.url.startsWith('/v1/');
    if (isApi || req.method !== 'GET') {
      return reply.code(404).send(errorBody('not_found', `No route for ${req.method} ${req.url.split('?')[0]}`));
    }
    if (!hasWeb) {
      return reply
        .code(503)
        .type('text/plain')
        .send('The web app is not built. Run `npm run build:web` (npm ci does it for you), then reload.');
    }
    // Client-side routes of the single-page app all answer with its index.
    return reply.type('text/html').sendFile('index.html');
  });
}

function handleError(err: FastifyError, req: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) {
  if (err instanceof AppError) {
    if (err.statusCode === 429 || err.statusCode === 503) reply.header('retry-after', reply.getHeader('retry-after') ?? '60');
    return reply.code(err.statusCode).send(errorBody(err.code, err.message, err.details));
  }
  if (err instanceof NestingTooDeepError) return reply.code(400).send(errorBody('nesting_too_deep', err.message, { path: err.path }));
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = err.validationContext ?? 'request';
    const problems = err.validation.map((v) => {
      const field = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
      return `${where}${field ? `.${field}` : ''}: ${v.message}`;
    });
    return reply.code(400).send(errorBody('invalid_request', problems.join('; '), err.validation.map((v) => ({ path: v.instancePath, message: v.message }))));
  }
  if (isResponseSerializationError(err)) {
    req.log.error({ err, issues: err.cause.issues, ...idsOf(req) }, 'response did not match its schema');
    return reply.code(500).send(errorBody('internal', 'Internal error.'));
  }
  const status = err.statusCode ?? 500;
  if (status < 500) {
    const code =
      err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? 'payload_too_large'
        : err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'unsupported_media_type'
          : err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
            ? 'invalid_json'
            : 'invalid_request';
    return reply.code(status).send(errorBody(code, err.message));
  }
  req.log.error({ err, ...idsOf(req) }, 'unhandled error');
  return reply.code(500).send(errorBody('internal', 'Internal error. It has been logged.'));
}

/** What a failed request's log line names besides its request id (logged with every line): never its body. */
function idsOf(req: import('fastify').FastifyRequest) {
  return { route: `${req.method} ${req.routeOptions.url ?? '(no route)'}`, workspaceId: req.actor?.workspaceId };
}
