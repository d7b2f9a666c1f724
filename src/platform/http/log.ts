import type { FastifyRequest } from 'fastify';

// What the server's log may say. Logs are read by more people, kept longer and
// copied further than the database, so a line names ids and the shape of a
// failure, never what customers wrote: no bodies, no query values (?email=), and
// none of the values an error carries (a failed insert's parameters are whole
// events with their emails and traits). These serializers apply to every `err`
// and `req` the server logs, so code that logs `{ err }` cannot leak by mistake.

/** Fields of an error that are codes and names, never data: SQLSTATE, the table or constraint. */
const SAFE_FIELDS = ['code', 'statusCode', 'severity', 'table', 'column', 'constraint', 'routine'];
const MAX_CAUSES = 3;

export interface LoggedError {
  type: string;
  message: string;
  /** Frames only: the stack's first line repeats the message. */
  stack: string;
  [field: string]: unknown;
}

export function loggableError(err: unknown, depth = 0): LoggedError {
  if (!(err instanceof Error)) return { type: typeof err, message: 'A value that is not an Error was thrown.', stack: '' };
  const e = err as Error & Record<string, unknown>;
  const frames = e.stack?.split('\n').filter((line) => /^\s+at /.test(line)) ?? [];
  const out: LoggedError = { type: e.constructor.name, message: messageOf(e), stack: frames.join('\n') };
  for (const field of SAFE_FIELDS) {
    const value = e[field];
    if (typeof value === 'string' || typeof value === 'number') out[field] = value;
  }
  if (e.cause !== undefined && depth < MAX_CAUSES) out.cause = loggableError(e.cause, depth + 1);
  return out;
}

function messageOf(e: Error & Record<string, unknown>): string {
  // Drizzle's "Failed query: <sql>\nparams: <values>": our SQL has placeholders; the values stay out.
  if (typeof e.query === 'string' && 'params' in e) return `Failed query: ${e.query}`;
  // What a message quotes is a value: the one a database refused (invalid input syntax for
  // type uuid: "…"), the text JSON.parse choked on (Unexpected token 'j', "jane@examp"...).
  return e.message.replace(/"[^"]*"/g, '"…"');
}

/** A request as logged: its path, and of its query only the names (`?email=…`). */
export function loggableRequest(req: FastifyRequest) {
  const q = req.url.indexOf('?');
  const url = q < 0 ? req.url : `${req.url.slice(0, q)}?${req.url.slice(q + 1).split('&').map((pair) => `${pair.split('=', 1)[0]}=…`).join('&')}`;
  return { method: req.method, url, host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}

export const logSerializers = { err: loggableError, req: loggableRequest };
