// Regenerates the table in docs/errors.md from the registry in src/core/errors.ts.
// Run: node --import tsx scripts/gen-errors-doc.ts   (test/errors-registry.test.ts fails when they drift)
import { writeFileSync } from 'node:fs';
import { ERROR_CODES } from '../src/core/index.js';

const rows = Object.entries(ERROR_CODES).map(([code, spec]) => `| \`${code}\` | ${spec.status} | ${spec.summary} |`);
const doc = `# Error codes

Every error mamoru returns has a stable \`code\`. Over HTTP the body is \`{ "code", "message", "details"? }\` with the
status below (a 500 also carries \`requestId\`, the id to find in the log). The CLI prints \`mamoru: CODE: message\`
and exits 1 for caller errors, 2 for server-side ones; \`mamoru classify --file\` writes \`{"id","error":{"code","message"}}\`
for a bad line and goes on.

The registry is \`src/core/errors.ts\`; this table is generated from it by \`node --import tsx scripts/gen-errors-doc.ts\`
and \`test/errors-registry.test.ts\` fails when the two differ.

| code | HTTP status | meaning and what to do |
| --- | --- | --- |
${rows.join('\n')}
`;
writeFileSync(new URL('../docs/errors.md', import.meta.url), doc);
