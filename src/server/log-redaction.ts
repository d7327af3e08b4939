// Request logging without subscriber numbers: a few routes carry a line number in the path or the query
// (consent lookups, case and notice lookups by line). The request line Fastify logs for every request is
// redacted here, so numbers never reach the log (DESIGN §4).
import type { FastifyRequest } from 'fastify';

const LINE_PATH = /^(\/v1\/consent\/)[^/?]+/;
const LINE_QUERY = /([?&]line=)[^&]*/g;

export function redactUrl(url: string): string {
  return url.replace(LINE_PATH, '$1[line]').replace(LINE_QUERY, '$1[line]');
}

/** Fastify's request serializer, with the URL redacted. */
export function requestSerializer(req: FastifyRequest): Record<string, unknown> {
  return { method: req.method, url: redactUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}
