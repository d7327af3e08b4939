// Entry of the decision log's own thread (see thread-decision-writer.ts): TypeScript runs through tsx's loader here
// as it does in the main thread.
import { register } from 'tsx/esm/api';

register();
await import('./decision-log-thread.ts');
