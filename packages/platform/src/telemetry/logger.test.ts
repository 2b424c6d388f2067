// What never reaches a log line: passwords, hashes, tokens, authorization headers and cookies,
// at the top of a line, one level down (a request body, a user), in request headers and in a
// child logger's fields; and the caller's objects are left as they were.
import { createLogger } from './logger.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level: 'info', service: 'logger-test', destination: { write: (s: string) => void lines.push(JSON.parse(s)) } });
  return { logger, lines };
}

const R = '[redacted]';

test('secrets at the top of a line are redacted; everything else is kept', () => {
  const { logger, lines } = capture();
  logger.info(
    { password: 'p', passwordHash: 'h', newPassword: 'n', refreshToken: 'r', accessToken: 'a', token: 't', authorization: 'Bearer x', email: 'e@x.org', n: 3 },
    'hello',
  );
  expect(lines[0]).toMatchObject({
    password: R,
    passwordHash: R,
    newPassword: R,
    refreshToken: R,
    accessToken: R,
    token: R,
    authorization: R,
    email: 'e@x.org',
    n: 3,
    msg: 'hello',
    service: 'logger-test',
  });
});

test('secrets one level down are redacted, whatever the key above them', () => {
  const { logger, lines } = capture();
  logger.info({ body: { email: 'e@x.org', password: 'p', newPassword: 'n' }, user: { passwordHash: 'h', role: 'member' }, result: { token: 't', rows: 2 } });
  expect(lines[0]).toMatchObject({
    body: { email: 'e@x.org', password: R, newPassword: R },
    user: { passwordHash: R, role: 'member' },
    result: { token: R, rows: 2 },
  });
});

test('authorization and cookie headers are redacted, in a request and on their own', () => {
  const { logger, lines } = capture();
  logger.info({ req: { method: 'GET', headers: { authorization: 'Bearer x', cookie: 'sid=1', 'user-agent': 'ua' } } });
  logger.info({ headers: { authorization: 'Bearer y', cookie: 'sid=2', accept: '*/*' } });
  expect(lines[0]).toMatchObject({ req: { method: 'GET', headers: { authorization: R, cookie: R, 'user-agent': 'ua' } } });
  expect(lines[1]).toMatchObject({ headers: { authorization: R, cookie: R, accept: '*/*' } });
});

test("a child logger's fields are redacted too", () => {
  const { logger, lines } = capture();
  logger.child({ token: 't', requestId: 'req-1' }).info({ jobId: '7' }, 'child line');
  expect(lines[0]).toMatchObject({ token: R, requestId: 'req-1', jobId: '7', msg: 'child line' });
});

test("the caller's objects are not changed by logging them", () => {
  const { logger } = capture();
  const headers = { authorization: 'Bearer x', cookie: 'sid=1' };
  const line = { password: 'p', body: { token: 't' }, req: { headers } };
  logger.info(line);
  expect(line).toEqual({ password: 'p', body: { token: 't' }, req: { headers: { authorization: 'Bearer x', cookie: 'sid=1' } } });
});

test('errors, arrays, nulls and deep objects log as before', () => {
  const { logger, lines } = capture();
  logger.warn({ err: new Error('boom'), list: [1, 2], none: null, deep: { a: { b: { c: 1 } } } }, 'mixed');
  expect(lines[0]).toMatchObject({ list: [1, 2], none: null, deep: { a: { b: { c: 1 } } }, msg: 'mixed' });
  expect((lines[0]!.err as { message: string }).message).toBe('boom');
});
