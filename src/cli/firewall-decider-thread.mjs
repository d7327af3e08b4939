// Entry of a firewall decider thread (src/firewall/service/threaded-decider.ts): TypeScript runs through tsx's
// loader here as it does in the main thread.
import { register } from 'tsx/esm/api';

register();
await import('./firewall-decider-thread.ts');
