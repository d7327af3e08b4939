// Logging: pino, JSON lines on stdout (stderr for CLI commands that write data to stdout).
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, options: { stderr?: boolean } = {}): Logger {
  return pino(
    { level, base: { service: 'mamoru' }, redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]'], censor: '***' } },
    options.stderr ? pino.destination(2) : pino.destination(1),
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });
