// A failed delivery, reduced to what may be stored and logged: a short reason (an error code or status, never an
// address, number or text) and whether trying again later can help.

export class NoticeDeliveryError extends Error {
  /** Stored in device_notices.reason, e.g. `smtp 550`, `sms-gateway HTTP 503`, `letter EACCES`. */
  readonly reason: string;
  /** True for timeouts, connection failures and temporary (4xx SMTP, 429/5xx HTTP) answers. */
  readonly retryable: boolean;

  constructor(reason: string, retryable: boolean, options?: { cause?: unknown }) {
    super(`notice delivery failed: ${reason}`, options);
    this.name = 'NoticeDeliveryError';
    this.reason = reason;
    this.retryable = retryable;
  }
}

/** Any error a channel may throw → a NoticeDeliveryError; unknown errors count as retryable. */
export function deliveryError(e: unknown, channel: string): NoticeDeliveryError {
  if (e instanceof NoticeDeliveryError) return e;
  const o = (typeof e === 'object' && e !== null ? e : {}) as { code?: unknown; retryable?: unknown; name?: unknown };
  const code = typeof o.code === 'string' && /^[A-Z0-9_]{1,40}$/.test(o.code) ? o.code : typeof o.name === 'string' ? o.name.slice(0, 40) : 'error';
  return new NoticeDeliveryError(`${channel} ${code}`, o.retryable !== false, { cause: e });
}
