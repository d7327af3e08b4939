// The HTTP webhook gateway against a real HTTP server on loopback: what the carrier receives, and how each
// kind of failure reaches the caller.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../core/index.js';
import { HttpWebhookGateway, SmsGatewayError } from './gateway.js';

interface Received {
  method: string | undefined;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** Starts a loopback server that records each request and answers with `respond`. */
async function withServer(
  respond: (res: ServerResponse) => void,
  run: (url: string, received: Received[]) => Promise<void>,
): Promise<void> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => {
      received.push({ method: req.method, headers: req.headers, body: JSON.parse(data) });
      respond(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    await run(`http://127.0.0.1:${port}/sms/send`, received);
  } finally {
    // A test server that never answers keeps its connections open; close them so the test can end.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const isGatewayError = (status: number | null, retryable: boolean) => (e: unknown) =>
  e instanceof SmsGatewayError && e.status === status && e.retryable === retryable;

test('send POSTs {to, from, text} as JSON with the configured headers', async () => {
  await withServer(
    (res) => res.writeHead(202).end('{"id":"abc"}'),
    async (url, received) => {
      const gw = new HttpWebhookGateway({ url, shortCode: '8888', headers: { authorization: 'Bearer t0ken' } });
      await gw.send('+819011112222', 'ご報告ありがとうございました。受付番号: R-1');
      assert.equal(received.length, 1);
      assert.equal(received[0]!.method, 'POST');
      assert.equal(received[0]!.headers['content-type'], 'application/json');
      assert.equal(received[0]!.headers.authorization, 'Bearer t0ken');
      assert.deepEqual(received[0]!.body, { to: '+819011112222', from: '8888', text: 'ご報告ありがとうございました。受付番号: R-1' });
    },
  );
});

test('the default from is 7726', async () => {
  await withServer(
    (res) => res.writeHead(200).end(),
    async (url, received) => {
      await new HttpWebhookGateway({ url }).send('+819011112222', 'x');
      assert.equal((received[0]!.body as { from: string }).from, '7726');
    },
  );
});

test('a 4xx answer rejects as not retryable, a 5xx or 429 as retryable', async () => {
  for (const [status, retryable] of [[400, false], [429, true], [503, true]] as const) {
    await withServer(
      (res) => res.writeHead(status).end('nope'),
      async (url) => {
        await assert.rejects(new HttpWebhookGateway({ url }).send('+819011112222', 'x'), isGatewayError(status, retryable));
      },
    );
  }
});

test('error messages carry neither the recipient nor the text nor the credential', async () => {
  await withServer(
    (res) => res.writeHead(500).end(),
    async (url) => {
      const gw = new HttpWebhookGateway({ url, headers: { authorization: 'Bearer s3cret' } });
      await assert.rejects(gw.send('+819011112222', 'secret text'), (e: unknown) => {
        const m = (e as Error).message;
        return !m.includes('819011112222') && !m.includes('secret text') && !m.includes('s3cret');
      });
    },
  );
});

test('a gateway that never answers rejects after the timeout', async () => {
  await withServer(
    () => undefined,
    async (url) => {
      const started = Date.now();
      await assert.rejects(new HttpWebhookGateway({ url, timeoutMs: 200 }).send('+819011112222', 'x'), isGatewayError(null, true));
      const took = Date.now() - started;
      assert.ok(took >= 150 && took < 2_000, `took ${took} ms`);
    },
  );
});

test('an unreachable gateway rejects as retryable', async () => {
  // Start and stop a server to get a loopback port nobody listens on.
  let closedUrl = '';
  await withServer((res) => res.end(), async (url) => {
    closedUrl = url;
  });
  await assert.rejects(new HttpWebhookGateway({ url: closedUrl }).send('+819011112222', 'x'), isGatewayError(null, true));
});

test('a redirect is refused rather than followed, so the number goes nowhere else', async () => {
  await withServer(
    (res) => res.writeHead(307, { location: 'http://127.0.0.1:1/elsewhere' }).end(),
    async (url) => {
      await assert.rejects(new HttpWebhookGateway({ url }).send('+819011112222', 'x'), isGatewayError(307, false));
    },
  );
});

test('invalid options are refused with CONFIG_INVALID', () => {
  for (const options of [{ url: 'not a url' }, { url: 'ftp://example.test/' }, { url: 'http://127.0.0.1/', timeoutMs: 0 }]) {
    assert.throws(() => new HttpWebhookGateway(options), (e) => e instanceof AppError && e.code === 'CONFIG_INVALID');
  }
});
