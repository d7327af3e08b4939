// Shared pieces of the firewall's HTTP routes: the line and id parameters and limits. Who may act for a subscriber
// and how an actor is named are core's (actorOf, requireOwnOperator), shared with the consent routes.
export const lineProperty = { type: 'string', minLength: 1, maxLength: 40, description: 'the line: 090-1234-5678, 09012345678 or +819012345678' };
export const idProperty = { type: 'string', pattern: '^[0-9A-HJKMNP-TV-Z]{26}$', description: 'a quarantined message id (its decision id)' };
export const purposeProperty = { type: 'string', minLength: 3, maxLength: 200 };
export const msProperty = { type: 'string', pattern: '^[0-9]{1,15}$', description: 'ms since epoch' };
export const limitProperty = { type: 'string', pattern: '^[0-9]{1,4}$', description: '1–1000' };

/** A `limit` query value within 1..max, or the default. */
export function limitOf(raw: string | undefined, fallback: number, max = 1000): number {
  if (raw === undefined) return fallback;
  return Math.min(Math.max(Number(raw), 1), max);
}
