// Checks and AppErrors both buses share, so the two transports refuse the same things in the same words.
import { AppError } from '../errors.js';
import type { Subject } from './events.js';

export function busClosed(): AppError {
  return new AppError('SHUTTING_DOWN', 'the event bus is closed');
}

const GROUP_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Group names become JetStream consumer names (`<group>-p<partition>`): letters, digits, `-` and `_`, at most
 * 64 characters. The in-process bus enforces the same rule so a bad name fails in development, not at scale-out. */
export function checkGroupName(group: string): void {
  if (!GROUP_NAME.test(group)) {
    throw new AppError('CONFIG_INVALID', `bad consumer group name "${group}": use 1–64 letters, digits, - and _, starting with a letter or digit`);
  }
}

/** Every member of a group acknowledges the same way: on JetStream the mode is a property of the group's
 * durable consumers, so the in-process bus refuses a mix too. */
export function ackModeConflict(subject: Subject, group: string): AppError {
  return new AppError(
    'CONFLICT',
    `group "${group}" on ${subject} already consumes with the other ack mode; give every member the same ack option, or use another group name`,
    { subject, group },
  );
}
