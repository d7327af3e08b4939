// Request logging without subscriber numbers or secrets: some routes carry a line number in the path or the query
// (consent, filter settings, quarantine, case and notice lookups by line), and the settings page's hand-off link
// carries its one-time token in the query. The request line Fastify logs for every request is redacted here, so
// neither reaches the log (DESIGN §4).
import type { FastifyRequest } from 'fastify';

// /v1/quarantine/safe-marks is a listing, not a line.
const LINE_PATH = /^(\/v1\/(?:consent|filter|quarantine)\/)(?!safe-marks(?:[/?]|$))[^/?]+/;
const LINE_QUERY = /([?&]line=)[^&]*/g;
const TOKEN_QUERY = /([?&]t=)[^&]*/g;

export function redactUrl(url: string): string {
  const out = url.replace(LINE_PATH, '$1[line]').replace(LINE_QUERY, '$1[line]');
  return out.startsWith('/my/') ? out.replace(TOKEN_QUERY, '$1[token]') : out;
}

/** Fastify's request serializer, with the URL redacted. */
export function requestSerializer(req: FastifyRequest): Record<string, unknown> {
  return { method: req.method, url: redactUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}
