// Access: members, hashed API keys, roles and the role check every protected route calls.
export * from './access.js';
