import { describe, expect, it } from 'vitest';
import { lowerCaseHeaders, pathParameter, rawBody } from '../../../lambdas/shared/api-event.js';
import { toHttpApiEvent, toProxyEvent } from '../../../local/api-gateway-event.js';
import { headerPairs } from '../../../local/routes.js';

const NOT_UTF8 = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
const MULTIBYTE = new TextEncoder().encode('\uFEFF{"title":"Café ☕ 𝄞","crlf":"a\r\nb"}');

function webhook(headers: [string, string][], body: Uint8Array, path = '/webhooks/gh') {
  return toHttpApiEvent({
    method: 'POST',
    resource: '/webhooks/{sourceId}',
    path,
    pathParameters: { sourceId: 'gh' },
    headers,
    body,
  });
}

describe('the HTTP API event the local stack builds (payload format 2.0)', () => {
  it('lower-cases header names and joins a repeated header with commas', () => {
    const event = webhook(
      [
        ['X-GitHub-Delivery', 'd-1'],
        ['Content-Type', 'application/json'],
        ['X-Forwarded-For', '203.0.113.7'],
        ['x-forwarded-for', '198.51.100.1'],
      ],
      new Uint8Array(),
    );

    expect(event.headers).toEqual({
      'x-github-delivery': 'd-1',
      'content-type': 'application/json',
      'x-forwarded-for': '203.0.113.7,198.51.100.1',
    });
  });

  it('moves cookies out of the headers into cookies', () => {
    const event = webhook(
      [
        ['Cookie', 'a=1; b=2'],
        ['cookie', 'c=3'],
      ],
      new Uint8Array(),
    );

    expect(event.cookies).toEqual(['a=1', 'b=2', 'c=3']);
    expect(event.headers.cookie).toBeUndefined();
  });

  it('names the route, the method and the URL-decoded path as API Gateway does', () => {
    const event = toHttpApiEvent({
      method: 'GET',
      resource: '/events/{sourceId}/{idempotencyKey}',
      path: '/events/gh/a%2Fb',
      pathParameters: { sourceId: 'gh', idempotencyKey: 'a/b' },
      headers: [['Host', 'hooks.example.com']],
      body: new Uint8Array(),
    });

    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /events/{sourceId}/{idempotencyKey}',
      rawPath: '/events/gh/a/b',
      pathParameters: { sourceId: 'gh', idempotencyKey: 'a/b' },
      requestContext: {
        routeKey: 'GET /events/{sourceId}/{idempotencyKey}',
        stage: '$default',
        domainName: 'hooks.example.com',
        domainPrefix: 'hooks',
        http: { method: 'GET', path: '/events/gh/a/b' },
      },
      isBase64Encoded: false,
    });
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(event.body).toBeUndefined();
  });

  it.each([
    'application/json',
    'Application/JSON; charset=utf-8',
    'text/plain',
    'application/xml',
    'application/javascript',
  ])('passes a %s body as text', (contentType) => {
    const event = webhook([['Content-Type', contentType]], MULTIBYTE);

    expect(event.isBase64Encoded).toBe(false);
    expect(event.body).toBe('\uFEFF{"title":"Café ☕ 𝄞","crlf":"a\r\nb"}');
  });

  it.each([
    'application/x-www-form-urlencoded',
    'application/octet-stream',
    'application/vnd.vendor+json',
    '',
  ])('base64-encodes a body of media type "%s"', (contentType) => {
    const headers: [string, string][] = contentType === '' ? [] : [['Content-Type', contentType]];
    const event = webhook(headers, NOT_UTF8);

    expect(event.isBase64Encoded).toBe(true);
    expect(event.body).toBe(Buffer.from(NOT_UTF8).toString('base64'));
  });
});

describe('reading an API Gateway event, REST or HTTP API', () => {
  it('gets back the exact bytes of a text body, multi-byte characters, BOM and CRLF included', () => {
    expect(rawBody(webhook([['Content-Type', 'application/json']], MULTIBYTE))).toEqual(MULTIBYTE);
  });

  it('gets back the exact bytes of a base64 body that is not UTF-8', () => {
    expect(rawBody(webhook([['Content-Type', 'application/octet-stream']], NOT_UTF8))).toEqual(NOT_UTF8);
  });

  it('cannot get back bytes that are not UTF-8 once they were sent as text', () => {
    const received = rawBody(webhook([['Content-Type', 'application/json']], NOT_UTF8));

    expect(received).not.toEqual(NOT_UTF8);
  });

  it('reads no body as empty', () => {
    expect(rawBody(webhook([], new Uint8Array()))).toEqual(new Uint8Array());
  });

  it('reads the same headers from both formats, whatever case the client used', () => {
    const sent: [string, string][] = [
      ['X-Hub-Signature-256', 'sha256=ab'],
      ['Content-Type', 'application/json'],
    ];
    const expected = { 'x-hub-signature-256': 'sha256=ab', 'content-type': 'application/json' };
    const rest = toProxyEvent({
      method: 'POST',
      resource: '/webhooks/{sourceId}',
      path: '/webhooks/gh',
      pathParameters: { sourceId: 'gh' },
      headers: Object.fromEntries(sent),
      body: new Uint8Array(),
    });

    expect(lowerCaseHeaders(rest)).toEqual(expected);
    expect(lowerCaseHeaders(webhook(sent, new Uint8Array()))).toEqual(expected);
  });

  it('reads path parameters from both formats, and an absent one as empty', () => {
    const http = webhook([], new Uint8Array());

    expect(pathParameter(http, 'sourceId')).toBe('gh');
    expect(pathParameter({ pathParameters: null }, 'sourceId')).toBe('');
    expect(pathParameter({}, 'idempotencyKey')).toBe('');
  });
});

describe('local header pairs', () => {
  it('keeps every header Node received, in order, repeats included', () => {
    expect(headerPairs(['A', '1', 'b', '2', 'a', '3'])).toEqual([
      ['A', '1'],
      ['b', '2'],
      ['a', '3'],
    ]);
  });
});
