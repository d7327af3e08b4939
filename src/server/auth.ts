// Who is calling: every request's API key (Authorization: Bearer mk_… or x-api-key) is verified once, here, and
// the principal (or null for the public) is put on the request. Routes decide with requireRole(). A key that is
// presented but unknown, malformed or revoked is refused at once rather than treated as public.
import type { FastifyInstance } from 'fastify';
import { AppError, RateLimiter, type AccessService, type Principal } from '../core/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified caller, or null for a request without a key (role public). */
    principal: Principal | null;
  }
}

function presentedKey(headers: Record<string, string | string[] | undefined>): string | null {
  const auth = headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice(7).trim();
  const x = headers['x-api-key'];
  return typeof x === 'string' ? x.trim() : null;
}

/** Each API key gets `perSecond` requests per second sustained, bursts of twice as many. */
export function installAuth(app: FastifyInstance, access: AccessService, perSecond: number): void {
  const limiter = new RateLimiter({ perSecond, burst: perSecond * 2 });
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req) => {
    const key = presentedKey(req.headers);
    if (key === null || key === '') {
      req.principal = null;
      return;
    }
    const principal = await access.verify(key);
    if (!principal) throw new AppError('UNAUTHORIZED', 'the API key is unknown, malformed or revoked');
    const wait = limiter.take(principal.keyId, Date.now());
    if (wait > 0) throw new AppError('RATE_LIMITED', `too many requests for this API key; retry in ${Math.ceil(wait / 1000)} s`, { retryAfterSeconds: Math.ceil(wait / 1000) });
    req.principal = principal;
  });
}
