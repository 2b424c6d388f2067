// One Unicode policy for every human-readable field, and dates bounded to what
// PostgreSQL holds. Real PostgreSQL, Redis and HTTP; what is stored is read back from
// the database, not from the API's echo.
import { call, expectProblem, useApi, uniq, type Res } from './helpers/stack.js';
import { useFixture } from './helpers/suite.js';

const { api, fx } = useApi();
const T = useFixture(() => fx.tenantWithUsers(api.url));
const admin = useFixture(() => fx.platformAdmin(api.url));

function expectFieldRefused(r: Res, field: string) {
  expectProblem(r, 400, 'SENTINEL_VALIDATION_FAILED');
  expect(r.body.errors.map((e: { field: string }) => e.field)).toContain(field);
}

const refused: [string, string][] = [
  ['U+202E right-to-left override', 'evil\u202Eexe.txt'],
  ['U+2066 left-to-right isolate', 'a\u2066b'],
  ['U+200B zero-width space', 'ad\u200Bmin'],
  ['U+200D zero-width joiner', 'a\u200Db'],
  ['U+2060 word joiner', 'a\u2060b'],
  ['U+FEFF byte order mark', '\uFEFFname'],
  ['U+0085 next line (C1)', 'a\u0085b'],
  ['U+009B control sequence introducer (C1)', 'a\u009B31m'],
  ['U+007F delete', 'a\u007Fb'],
  ['U+FDD0 noncharacter', 'a\uFDD0b'],
  ['U+FFFF noncharacter', 'a\uFFFFb'],
  ['U+1FFFE noncharacter', `a${String.fromCodePoint(0x1fffe)}b`],
  ['a lone surrogate', 'a\uD800b'],
  ['only spaces', ' \u3000\u00A0 '],
];

describe('human-readable fields: one Unicode policy', () => {
  test.each(refused)('%s is refused with 400 naming the field, in every body that takes a name', async (_what, value) => {
    const before = await fx.db.prisma.user.count({ where: { tenantId: T.tenant.id } });
    const raw = (o: object) => JSON.stringify(o); // JSON.stringify keeps lone surrogates as \ud800 escapes
    expectFieldRefused(
      await call(api.url, 'POST', '/api/v1/users', { token: T.adminToken, raw: raw({ email: `${uniq('u')}@example.com`, displayName: value }) }),
      'body.displayName',
    );
    expectFieldRefused(
      await call(api.url, 'PATCH', `/api/v1/users/${T.member.id}`, { token: T.memberToken, raw: raw({ displayName: value }) }),
      'body.displayName',
    );
    expectFieldRefused(
      await call(api.url, 'PUT', `/api/v1/users/${T.member.id}`, {
        token: T.adminToken,
        raw: raw({ email: T.member.email, displayName: value, role: 'member' }),
      }),
      'body.displayName',
    );
    expectFieldRefused(
      await call(api.url, 'POST', '/api/v1/tenants', { token: admin.token, raw: raw({ slug: uniq('t').toLowerCase(), displayName: value }) }),
      'body.displayName',
    );
    expectFieldRefused(
      await call(api.url, 'PATCH', `/api/v1/tenants/${T.tenant.id}`, { token: admin.token, raw: raw({ displayName: value }) }),
      'body.displayName',
    );
    expect(await fx.db.prisma.user.count({ where: { tenantId: T.tenant.id } })).toBe(before);
    expect((await fx.db.prisma.user.findFirstOrThrow({ where: { id: T.member.id } })).displayName).toBe('Test user');
  });

  // Filters may be empty or spaces (they are prefixes); a lone surrogate cannot be percent-encoded.
  const inQueries = refused.filter(([what]) => what !== 'only spaces' && what !== 'a lone surrogate');
  test.each(inQueries)('%s is refused in query filters too', async (_what, value) => {
    const q = encodeURIComponent(value);
    expectFieldRefused(await call(api.url, 'GET', `/api/v1/users?emailPrefix=${q}`, { token: T.adminToken }), 'query.emailPrefix');
    expectFieldRefused(await call(api.url, 'GET', `/api/v1/audit-logs?action=${q}`, { token: T.adminToken }), 'query.action');
    expectFieldRefused(await call(api.url, 'GET', `/api/v1/jobs?name=${q}`, { token: T.adminToken }), 'query.name');
    expectFieldRefused(await call(api.url, 'GET', `/api/v1/tenants?slugPrefix=${q}`, { token: admin.token }), 'query.slugPrefix');
  });

  test('NFD input is stored as NFC; length counts code points, not UTF-16 units', async () => {
    const nfd = 'Cafe\u0301 Zoe\u0308'; // e + combining acute, e + combining diaeresis
    const r = await call(api.url, 'PATCH', `/api/v1/users/${T.member.id}`, { token: T.memberToken, body: { displayName: nfd } });
    expect(r.status).toBe(200);
    expect(r.body.displayName).toBe('Café Zoë'.normalize('NFC'));
    const stored = (await fx.db.prisma.user.findFirstOrThrow({ where: { id: T.member.id } })).displayName;
    expect(stored).toBe('Caf\u00e9 Zo\u00eb');
    expect(stored.normalize('NFC')).toBe(stored);

    const t = await call(api.url, 'PATCH', `/api/v1/tenants/${T.tenant.id}`, { token: admin.token, body: { displayName: 'A\u030Angstro\u0308m' } });
    expect(t.status).toBe(200);
    expect((await fx.db.prisma.tenant.findUniqueOrThrow({ where: { id: T.tenant.id } })).displayName).toBe('\u00C5ngstr\u00f6m');

    // 200 astral characters are 400 UTF-16 units and 200 code points: allowed, as the document says (maxLength 200).
    const elephants = '🐘'.repeat(200);
    expect((await call(api.url, 'PATCH', `/api/v1/users/${T.member.id}`, { token: T.memberToken, body: { displayName: elephants } })).status).toBe(200);
    expectFieldRefused(
      await call(api.url, 'PATCH', `/api/v1/users/${T.member.id}`, { token: T.memberToken, body: { displayName: elephants + '🐘' } }),
      'body.displayName',
    );
  });

  test('right-to-left scripts, emoji sequences and ordinary spaces are fine', async () => {
    for (const displayName of ['مرحبا עברית', '👩🏽 🇫🇷 family', 'Zoë 🐘 ß 中文', '  trimmed  ']) {
      const r = await call(api.url, 'PATCH', `/api/v1/users/${T.member.id}`, { token: T.memberToken, body: { displayName } });
      expect(r.status).toBe(200);
      expect(r.body.displayName).toBe(displayName.trim().normalize('NFC'));
    }
  });
});

describe('dates: bounded to 1970-01-01 .. 9999-12-31 UTC, 400 not 500', () => {
  const outOfRange = [
    '0000-01-01T00:00:00Z',
    '1969-12-31T23:59:59Z',
    '+010000-01-01T00:00:00Z',
    '10000-01-01T00:00:00Z',
    '2023-02-29T00:00:00Z', // not a leap year
    '2024-01-01T00:00:00+02:00', // UTC only
    '2024-01-01T00:00:00.1234567Z', // beyond PostgreSQL's microseconds
  ];

  test.each(outOfRange)('GET /audit-logs?from=%s answers 400 naming query.from', async (d) => {
    expectFieldRefused(await call(api.url, 'GET', `/api/v1/audit-logs?from=${encodeURIComponent(d)}`, { token: T.adminToken }), 'query.from');
    expectFieldRefused(await call(api.url, 'GET', `/api/v1/audit-logs?to=${encodeURIComponent(d)}`, { token: admin.token }), 'query.to');
  });

  test.each(outOfRange)('POST /audit-logs/exports with %s answers 400 and queues nothing', async (d) => {
    const before = await fx.db.prisma.job.count({ where: { tenantId: T.tenant.id } });
    expectFieldRefused(await call(api.url, 'POST', '/api/v1/audit-logs/exports', { token: T.adminToken, body: { from: d } }), 'body.from');
    expectFieldRefused(await call(api.url, 'POST', '/api/v1/audit-logs/exports', { token: T.adminToken, body: { to: d } }), 'body.to');
    expect(await fx.db.prisma.job.count({ where: { tenantId: T.tenant.id } })).toBe(before);
  });

  test('the bounds themselves, leap days and microseconds are accepted', async () => {
    for (const [from, to] of [
      ['1970-01-01T00:00:00Z', '9999-12-31T23:59:59.999999Z'],
      ['2024-02-29T12:00:00.5Z', '2024-03-01T00:00:00Z'],
      ['2000-02-29T00:00:00Z', '2100-02-28T00:00:00Z'],
    ]) {
      const r = await call(api.url, 'GET', `/api/v1/audit-logs?from=${from}&to=${to}`, { token: T.adminToken });
      expect(r.status).toBe(200);
    }
  });

  test('`to` must be after `from` (the documented cross-field rule), in the list and in exports', async () => {
    const q = 'from=2024-01-02T00:00:00Z&to=2024-01-01T00:00:00Z';
    expectFieldRefused(await call(api.url, 'GET', `/api/v1/audit-logs?${q}`, { token: T.adminToken }), 'query.to');
    const same = '2024-01-01T00:00:00Z';
    expectFieldRefused(await call(api.url, 'POST', '/api/v1/audit-logs/exports', { token: T.adminToken, body: { from: same, to: same } }), 'body.to');
    // Compared as instants, not strings: 00:00:00.5 is after 00:00:00.
    expect((await call(api.url, 'GET', `/api/v1/audit-logs?from=2024-01-01T00:00:00Z&to=2024-01-01T00:00:00.5Z`, { token: T.adminToken })).status).toBe(200);
  });
});
