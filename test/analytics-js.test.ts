import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { queryRows } from '../src/platform/db/query.ts';
import { eventually, startTestServer, type TestServer } from './harness.ts';
import { launchChromium } from './chromium.ts';

// A customer's site instrumented with Segment's own browser library,
// @segment/analytics-next, driven in Chromium: the library and its settings come
// from the site's origin (as a self-hosted CDN would serve them) and apiHost points
// at Touchpoint, through a small reverse proxy that can fail a delivery once.


const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundles = path.join(root, 'node_modules/@segment/analytics-next/dist/umd');

/** Events named so fail their first delivery at the proxy: `before` Touchpoint sees it, or `after` it stored it (the answer is lost). */
const FAIL_BEFORE = 'Fail once before';
const FAIL_AFTER = 'Fail once after';
const FAIL_BATCH = 'Fail once in a batch';

interface Delivery {
  method: string;
  path: string;
  retryCount: string | undefined;
  events: string[];
  /** What the browser got. */
  status: number;
}

/**
 * The reverse proxy in front of Touchpoint: forwards everything and logs it, except
 * that the first delivery of an event named FAIL_* is answered 503, with CORS headers
 * (Touchpoint's own when the request reached it), as a gateway that passes them on.
 */
function startProxy(upstream: string) {
  const log: Delivery[] = [];
  const failed = new Set<string>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      let events: { event?: string; messageId?: string }[] = [];
      try {
        const json = JSON.parse(body.toString() || 'null');
        events = json?.batch ?? (json?.event ? [json] : []);
      } catch {
        // not JSON: forwarded as it is
      }
      const failing = events.find((e) => e.event?.startsWith('Fail once') && e.messageId && !failed.has(e.messageId));
      if (failing) failed.add(failing.messageId!);
      const entry = { method: req.method!, path: req.url!, retryCount: req.headers['x-retry-count'] as string | undefined, events: events.map((e) => e.event ?? ''), status: 0 };
      log.push(entry);
      const cors = { 'access-control-allow-origin': req.headers.origin ?? '*', vary: 'origin' };
      if (failing && failing.event !== FAIL_AFTER) {
        entry.status = 503;
        return res.writeHead(503, { ...cors, 'content-type': 'application/json' }).end('{"error":{"code":"unavailable","message":"upstream restarting"}}');
      }
      const target = new URL(req.url!, upstream);
      const forward = http.request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (up) => {
        const upBody: Buffer[] = [];
        up.on('data', (c: Buffer) => upBody.push(c));
        up.on('end', () => {
          entry.status = failing ? 503 : up.statusCode!;
          const answer = failing ? Buffer.from('{"error":{"code":"unavailable","message":"answer lost"}}') : Buffer.concat(upBody);
          res.writeHead(entry.status, { ...up.headers, 'content-length': String(answer.length) }).end(answer);
        });
      });
      forward.on('error', (err) => res.writeHead(502).end(String(err)));
      forward.end(body);
    });
  });
  return { server, log };
}

/** Segment's snippet (5.x), loading the library from this site as a self-hosted CDN, then the page's own calls. */
function hostPage(options: { writeKey: string; cdn: string; loadOptions: unknown; calls: string; widget: string }): string {
  return `<!doctype html>
<html><head><title>Café Lumen</title>
${options.calls ? snippet(options) : ''}
</head><body><h1>Café Lumen</h1>
${options.widget}
</body></html>`;
}

function snippet(options: { writeKey: string; cdn: string; loadOptions: unknown; calls: string }): string {
  return `<script>
!function(){var i="analytics",analytics=window[i]=window[i]||[];if(analytics.initialize||analytics.invoked)return;analytics.invoked=!0;
analytics.methods=["trackSubmit","trackClick","trackLink","trackForm","pageview","identify","reset","group","track","ready","alias","debug","page","screen","once","off","on","addSourceMiddleware","addIntegrationMiddleware","setAnonymousId","addDestinationMiddleware","register"];
analytics.factory=function(e){return function(){if(window[i].initialized)return window[i][e].apply(window[i],arguments);var n=Array.prototype.slice.call(arguments);
if(["track","screen","alias","group","page","identify"].indexOf(e)>-1){var c=document.querySelector("link[rel='canonical']");n.push({__t:"bpc",c:c&&c.getAttribute("href")||void 0,p:location.pathname,u:location.href,s:location.search,t:document.title,r:document.referrer})}
n.unshift(e);analytics.push(n);return analytics}};
for(var n=0;n<analytics.methods.length;n++){var key=analytics.methods[n];analytics[key]=analytics.factory(key)}
analytics.load=function(key,n){var t=document.createElement("script");t.type="text/javascript";t.async=!0;t.setAttribute("data-global-segment-analytics-key",i);
t.src=analytics._cdn+"/analytics.js/v1/"+key+"/analytics.min.js";var r=document.getElementsByTagName("script")[0];r.parentNode.insertBefore(t,r);analytics._loadOptions=n};
analytics._cdn=${JSON.stringify(options.cdn)};analytics._writeKey=${JSON.stringify(options.writeKey)};analytics.SNIPPET_VERSION="5.2.1";
analytics.load(${JSON.stringify(options.writeKey)}, ${JSON.stringify(options.loadOptions)});
${options.calls}
}();
</script>`;
}

describe('analytics.js (analytics-next) on a customer site', { tags: ['browser'] }, () => {
  let server: TestServer;
  let writeKey: string;
  let secretKey: string;
  let workspaceId: string;
  let site: http.Server;
  let siteUrl: string;
  let proxy: ReturnType<typeof startProxy>;
  let apiHost: string;
  let browser: Browser;
  let agentCookie: string;

  /** What each page path of the site runs: analytics.js with these calls (none: no analytics.js), and Touchpoint's widget. */
  const pages: Record<string, { loadOptions?: Record<string, unknown>; segmentio?: Record<string, unknown>; calls: string; widget?: boolean }> = {};

  beforeAll(async () => {
    server = await startTestServer();
    const ws = await server.workspace('default');
    ({ writeKey, secretKey } = ws);
    workspaceId = ws.id;
    agentCookie = await ws.userCookie('agent');
    proxy = startProxy(server.url);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    apiHost = `127.0.0.1:${(proxy.server.address() as AddressInfo).port}/v1`;

    site = http.createServer((req, res) => {
      const url = new URL(req.url!, 'http://site');
      const settings = url.pathname.match(/^\/v1\/projects\/([^/]+)\/settings$/);
      if (settings) {
        // What Segment's CDN answers for a source with no destinations, metrics flushed every half second.
        return res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            integrations: { 'Segment.io': { apiKey: settings[1], apiHost, protocol: 'http', unbundledIntegrations: [], addBundledMetadata: true, maybeBundledConfigIds: {} } },
            plan: { track: { __default: { enabled: true, integrations: {} } }, identify: { __default: { enabled: true } }, group: { __default: { enabled: true } } },
            edgeFunction: {},
            analyticsNextEnabled: true,
            middlewareSettings: {},
            enabledMiddleware: {},
            metrics: { sampleRate: 1, flushTimer: 500 },
            legacyVideoPluginsEnabled: false,
            remotePlugins: [],
          }),
        );
      }
      if (/^\/analytics\.js\/v1\/[^/]+\/analytics\.min\.js$/.test(url.pathname)) return serveFile(res, path.join(bundles, 'standalone.js'));
      const chunk = url.pathname.match(/^\/analytics-next\/bundles\/([\w.-]+\.js)$/);
      if (chunk) return serveFile(res, path.join(bundles, chunk[1]!));
      const page = pages[url.pathname];
      if (!page) return res.writeHead(404).end();
      const widget = page.widget ? `<script src="${server.url}/widget.js" data-write-key="${writeKey}" async></script>` : '';
      // apiHost in the load options too: the library sends its own telemetry there (else to api.segment.io).
      const loadOptions = { ...page.loadOptions, integrations: { 'Segment.io': { apiHost, protocol: 'http', ...page.segmentio } } };
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(hostPage({ writeKey, cdn: siteOrigin(), loadOptions, calls: page.calls, widget }));
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = siteOrigin();
    browser = await launchChromium();
  });

  const siteOrigin = () => `http://127.0.0.1:${(site.address() as AddressInfo).port}`;

  function serveFile(res: http.ServerResponse, file: string): void {
    if (!fs.existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(fs.readFileSync(file));
  }

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
    await new Promise((resolve) => proxy?.server.close(resolve));
    await server?.close();
  });

  /** A new visitor (own cookies and storage) whose console errors, failed requests and page errors are collected. */
  async function newVisitor(): Promise<{ page: Page; problems: string[] }> {
    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(15_000);
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    page.on('requestfailed', (req) => {
      // A request cut short by the visitor's own navigation (a reload) is no failure.
      if (req.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`failed: ${req.method()} ${req.url()} ${req.failure()?.errorText}`);
    });
    return { page, problems };
  }

  const storedCount = async (name: string) =>
    (await queryRows<{ n: number }>(server.tp.database.db, sql`select count(*)::int as n from journey_events where workspace_id = ${workspaceId} and name = ${name}`))[0]!.n;

  it('retries a delivery answered 503 with X-Retry-Count, and the event is stored once', async () => {
    pages['/retry'] = { calls: `analytics.page(); analytics.track(${JSON.stringify(FAIL_BEFORE)}); analytics.track(${JSON.stringify(FAIL_AFTER)});` };
    pages['/retry-batch'] = {
      segmentio: { deliveryStrategy: { strategy: 'batching', config: { size: 10, timeout: 200 } } },
      calls: `analytics.page(); analytics.track(${JSON.stringify(FAIL_BATCH)});`,
    };
    const { page } = await newVisitor();
    await page.goto(`${siteUrl}/retry`);
    const batchVisitor = await newVisitor();
    await batchVisitor.page.goto(`${siteUrl}/retry-batch`);

    const deliveries = (name: string) => proxy.log.filter((d) => d.method === 'POST' && d.events.includes(name));
    for (const [name, path] of [[FAIL_BEFORE, '/v1/t'], [FAIL_AFTER, '/v1/t'], [FAIL_BATCH, '/v1/b']] as const) {
      // The first delivery fails with a 503; the library's retry says so and lands.
      await eventually(() => expect(deliveries(name).map((d) => [d.path, d.status, d.retryCount])).toEqual([
        [path, 503, undefined],
        [path, 200, '1'],
      ]), 20_000);
      await server.settle();
      expect(await storedCount(name), name).toBe(1);
    }
  });

  it("takes the library's own telemetry (/v1/m) without a failed request or a console error on the page", async () => {
    pages['/menu'] = { calls: `analytics.page(); analytics.track('Menu Viewed');` };
    const { page, problems } = await newVisitor();
    const telemetry = () => proxy.log.filter((d) => d.method === 'POST' && d.path === '/v1/m');
    const before = telemetry().length;
    await page.goto(`${siteUrl}/menu`);
    await eventually(() => {
      const statuses = telemetry().slice(before).map((d) => d.status);
      expect(statuses.length).toBeGreaterThan(0);
      expect(statuses.every((s) => s === 200), String(statuses)).toBe(true);
    }, 10_000);
    await server.settle();
    expect(await storedCount('Menu Viewed')).toBe(1);
    // A moment for any late error of the flush to reach the console.
    await page.waitForTimeout(500);
    expect(problems).toEqual([]);
  });

  it("puts the chat on the journey of a visitor whose analytics.js keeps its ids in cookies only, as a chat", async () => {
    const status = await server.call('PUT', '/api/v1/agents/me/status', { cookie: agentCookie, body: { availability: 'online' } });
    expect(status.status).toBe(200);
    pages['/cookies-only'] = { loadOptions: { storage: { stores: ['cookie'] } }, calls: `analytics.identify('regular-42'); analytics.page();`, widget: true };
    const { page, problems } = await newVisitor();
    const sent = proxy.log.length;
    await page.goto(`${siteUrl}/cookies-only`);
    await eventually(() => expect(proxy.log.slice(sent).filter((d) => d.method === 'POST' && d.status === 200).map((d) => d.path)).toEqual(expect.arrayContaining(['/v1/i', '/v1/p'])));
    const cookies = async () => Object.fromEntries((await page.context().cookies()).map((c) => [c.name, decodeURIComponent(c.value)]));
    await eventually(async () => expect(await cookies()).toMatchObject({ ajs_anonymous_id: expect.any(String), ajs_user_id: 'regular-42' }));
    const anonymousId = (await cookies()).ajs_anonymous_id;
    expect(await page.evaluate(() => [localStorage.getItem('ajs_anonymous_id'), localStorage.getItem('ajs_user_id')])).toEqual([null, null]);

    // Back on the site: the widget asks for a due survey as the visitor analytics.js knows.
    const due = page.waitForRequest((req) => req.url().includes('/widget/v1/surveys/due'));
    await page.reload();
    const asked = new URL((await due).url()).searchParams;
    expect([asked.get('anonymousId'), asked.get('userId')]).toEqual([anonymousId, 'regular-42']);

    await server.settle();
    await page.getByRole('button', { name: 'Open chat' }).click();
    const panel = page.getByRole('dialog', { name: 'Chat with us' });
    await panel.getByRole('textbox', { name: 'Message' }).fill('Do you deliver on Sundays?');
    await panel.getByRole('button', { name: 'Send' }).click();
    await panel.getByRole('list', { name: 'Messages' }).getByText('Do you deliver on Sundays?').waitFor();

    // One customer: the tracked pages and the chat, filed as a chat.
    await server.settle();
    const found = (await server.call('GET', '/api/v1/customers?userId=regular-42', { key: secretKey })).body.data;
    expect(found).toHaveLength(1);
    const journey = (await server.call('GET', `/api/v1/customers/${found[0].id}/journey`, { key: secretKey })).body.data as { kind: string; touchpoint: string | null; channel: string | null; ref: { type: string; id: string } | null }[];
    expect(journey.map((e) => e.kind)).toEqual(expect.arrayContaining(['page', 'ticket', 'message']));
    const ticketEntry = journey.find((e) => e.kind === 'ticket')!;
    expect([ticketEntry.touchpoint, ticketEntry.channel]).toEqual(['Chat conversation', 'chat']);
    const ticket = (await server.call('GET', `/api/v1/tickets/${ticketEntry.ref!.id}`, { key: secretKey })).body;
    expect([ticket.channel, ticket.customer.id]).toEqual(['chat', found[0].id]);
    expect(problems).toEqual([]);
  });

  it('reads the ids an older analytics.js left JSON-quoted in its cookies', async () => {
    pages['/widget-only'] = { calls: '', widget: true };
    const { page, problems } = await newVisitor();
    await page.context().addCookies([
      { name: 'ajs_anonymous_id', value: encodeURIComponent('"classic-anon-1"'), url: siteUrl },
      { name: 'ajs_user_id', value: encodeURIComponent('"classic-user-1"'), url: siteUrl },
    ]);
    const due = page.waitForRequest((req) => req.url().includes('/widget/v1/surveys/due'));
    await page.goto(`${siteUrl}/widget-only`);
    const asked = new URL((await due).url()).searchParams;
    expect([asked.get('anonymousId'), asked.get('userId')]).toEqual(['classic-anon-1', 'classic-user-1']);
    expect(problems).toEqual([]);
  });
});
