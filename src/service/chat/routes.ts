import fs from 'node:fs';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import type { AppContext, DomainRoutes } from '../../platform/http/app.ts';
import { sha256 } from '../../platform/auth/secrets.ts';
import { actorOf } from '../../platform/http/access.ts';
import { allowAnyOrigin } from '../../platform/http/cors.ts';
import { perAddress } from '../../platform/http/rate-limit.ts';
import { announce, type ServiceDeps } from '../tickets.ts';
import { agentsOnline } from './availability.ts';
import { MAX_MESSAGE_CHARS, presentVisitorMessage, startConversation, visitorMessageSchema } from './conversations.ts';
import { visitorSocket } from './socket.ts';
import { widgetActor, writeKeyOf } from './write-key.ts';

// The visitor side of live chat, apart from the management API (as Formbricks
// splits its widget API): everything here is called from customers' web pages
// with a public write key, and answers only about the visitor's own conversation.

const widgetJs = fs.readFileSync(new URL('./widget.js', import.meta.url));
const widgetEtag = `"${sha256(widgetJs.toString('binary')).slice(0, 16)}"`;


export function chatRoutes(depsOf: (ctx: AppContext) => ServiceDeps): DomainRoutes {
  return async (app, { ctx }) => {
    const { db, hub } = ctx;
    const deps = depsOf(ctx);
    const r = app.withTypeProvider<ZodTypeProvider>();

    // Widgets run on customers' sites: any origin, never with cookies.
    allowAnyOrigin(app, '/widget/v1/*', 'GET, POST');

    /** Runs before validation, like the ingestion API: without a valid write key nothing else is said. */
    async function authenticate(req: FastifyRequest): Promise<void> {
      req.actor = await widgetActor(db, writeKeyOf(req));
    }

    r.get(
      '/widget.js',
      { schema: { hide: true } },
      async (req, reply) => {
        reply
          .header('cache-control', 'public, max-age=300')
          .header('etag', widgetEtag)
          .header('x-content-type-options', 'nosniff')
          .header('cross-origin-resource-policy', 'cross-origin');
        if (req.headers['if-none-match'] === widgetEtag) return reply.code(304).send();
        return reply.type('text/javascript; charset=utf-8').send(widgetJs);
      },
    );

    r.get(
      '/widget/v1/availability',
      {
        preValidation: authenticate,
        schema: {
          tags: ['widget'],
          summary: 'Whether an agent is online to chat now (otherwise the widget asks for an email)',
          security: [{ writeKey: [] }],
          querystring: z.object({ writeKey: z.string().optional() }),
          response: { 200: z.object({ agentsOnline: z.boolean() }) },
        },
      },
      async (req) => ({ agentsOnline: await agentsOnline(db, hub, actorOf(req).workspaceId) }),
    );

    r.post(
      '/widget/v1/conversations',
      {
        preValidation: authenticate,
        config: perAddress(20),
        schema: {
          tags: ['widget'],
          summary: 'Start a live chat with its first message; returns the token that resumes it (shown once)',
          description: `Send the write key as writeKey or HTTP Basic user. With no agent online, email is required and the conversation becomes an email ticket. Then open the WebSocket /widget/v1/chat?writeKey=… and send {"type":"join","token":…}.`,
          security: [{ writeKey: [] }],
          body: z.object({
            writeKey: z.string().optional(),
            anonymousId: z.string().trim().min(1).max(200),
            name: z.string().trim().min(1).max(200).optional(),
            email: z.string().trim().email().max(320).optional(),
            message: z.string().describe(`At most ${MAX_MESSAGE_CHARS} characters once trimmed`),
            pageUrl: z.string().url().max(2000).optional(),
          }),
          response: {
            201: z.object({
              token: z.string(),
              conversation: z.object({ id: z.string(), number: z.number(), channel: z.enum(['chat', 'email']), agentsOnline: z.boolean(), messages: z.array(visitorMessageSchema) }),
            }),
          },
        },
      },
      async (req, reply) => {
        const workspaceId = actorOf(req).workspaceId;
        const online = await agentsOnline(db, hub, workspaceId);
        const { ticket, message, token } = await db.transaction((tx) => startConversation(tx, deps, workspaceId, { ...req.body, offline: !online }));
        announce(deps, ticket, 'ticket.created');
        return reply.code(201).send({
          token,
          conversation: { id: ticket.id, number: ticket.number, channel: online ? 'chat' : 'email', agentsOnline: online, messages: [presentVisitorMessage(message)] },
        });
      },
    );

    r.get('/widget/v1/chat', { websocket: true, config: perAddress(120), schema: { hide: true } }, visitorSocket(ctx, deps));
  };
}
