// Sending one webhook request, with server-side request forgery refused: the host is
// resolved and every address checked before connecting, and the connection goes to the
// address checked (the check is the socket's own `lookup`, so there is no second lookup to
// race); IP literals are checked before the request. Redirects are never followed (a 3xx is
// a failed attempt). WEBHOOK_ALLOW_HOSTS names hosts or addresses that are let through
// (tests and laptops deliver to 127.0.0.1).
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net, { type LookupFunction } from 'node:net';

/** A connection refused before it is made (a webhook delivery, an identity provider): the address is not public. */
export class WebhookAddressRefused extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
    readonly why: string,
  ) {
    super(`${host} resolves to ${address} (${why}): not a public address, so Sentinel does not connect to it`);
    this.name = 'WebhookAddressRefused';
  }
}

const V4_FORBIDDEN: readonly [string, number, string][] = [
  ['0.0.0.0', 8, 'this network'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved or broadcast'],
];
const V6_FORBIDDEN: readonly [string, number, string][] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['fc00::', 7, 'unique local (private)'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

const v4Lists = V4_FORBIDDEN.map(([net4, prefix, why]) => {
  const b = new net.BlockList();
  b.addSubnet(net4, prefix, 'ipv4');
  return [b, why] as const;
});
const v6Lists = V6_FORBIDDEN.map(([net6, prefix, why]) => {
  const b = new net.BlockList();
  b.addSubnet(net6, prefix, 'ipv6');
  return [b, why] as const;
});

/** The eight 16-bit groups of an IPv6 address (embedded dotted IPv4 allowed). */
function v6Groups(address: string): number[] {
  let a = address.split('%')[0]!;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (dotted) {
    const [p, q, r, s] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    a = a.slice(0, -dotted[1]!.length) + `${((p << 8) | q).toString(16)}:${((r << 8) | s).toString(16)}`;
  }
  const [head, tail] = a.includes('::') ? a.split('::') : [a, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((g) => parseInt(g, 16));
}

/** Why webhooks must not reach this IP address, or undefined when they may. */
export function forbiddenAddress(address: string): string | undefined {
  if (net.isIPv4(address)) return v4Lists.find(([b]) => b.check(address, 'ipv4'))?.[1];
  if (!net.isIPv6(address)) return 'not an IP address';
  const g = v6Groups(address);
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d): the IPv4 inside decides.
  const zeros5 = g.slice(0, 5).every((x) => x === 0);
  if (zeros5 && g[5] === 0xffff) {
    const why = forbiddenAddress(v4(g[6]!, g[7]!));
    return why && `IPv4-mapped ${why}`;
  }
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) {
    const why = forbiddenAddress(v4(g[6]!, g[7]!));
    return why && `NAT64 ${why}`;
  }
  const plain = v6Lists.find(([b]) => b.check(address.split('%')[0]!, 'ipv6'))?.[1];
  if (plain) return plain;
  if (zeros5 && g[5] === 0) return 'IPv4-compatible (deprecated)';
  return undefined;
}

const bare = (host: string) => host.replace(/^\[(.*)\]$/, '$1').toLowerCase();

/** Throws WebhookAddressRefused unless `address` (for `host`) may be reached. */
export function checkWebhookAddress(host: string, address: string, allow: ReadonlySet<string>): void {
  if (allow.has(bare(host)) || allow.has(address.toLowerCase())) return;
  const why = forbiddenAddress(address);
  if (why) throw new WebhookAddressRefused(bare(host), address, why);
}

/** A socket `lookup` that resolves and refuses the host if any of its addresses is forbidden. */
export function ssrfLookup(allow: ReadonlySet<string>): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 4);
      const list = addresses as unknown as dns.LookupAddress[];
      try {
        if (list.length === 0) throw new WebhookAddressRefused(hostname, '(none)', 'no address');
        for (const a of list) checkWebhookAddress(hostname, a.address, allow);
      } catch (refused) {
        return callback(refused as Error, '', 4);
      }
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

export interface WebhookPostResult {
  /** 2xx: delivered. */
  ok: boolean;
  /** The receiver's status, when it answered. */
  status?: number;
  latencyMs: number;
  /** Why it failed, in words for the tenant (no internals). */
  error?: string;
  /** True when refused before connecting (SSRF rules). */
  refused?: boolean;
}

/** POSTs `body` to `url` with `headers`; never throws, never follows a redirect. */
export function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  o: { timeoutMs: number; allow: ReadonlySet<string> },
): Promise<WebhookPostResult> {
  const started = process.hrtime.bigint();
  const latencyMs = () => Math.round(Number(process.hrtime.bigint() - started) / 1e6);
  return new Promise((resolve) => {
    let u: URL;
    try {
      u = new URL(url);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('not http(s)');
      // An IP literal is never looked up: check it here.
      const literal = bare(u.hostname);
      if (net.isIP(literal)) checkWebhookAddress(literal, literal, o.allow);
    } catch (err) {
      const refused = err instanceof WebhookAddressRefused;
      return resolve({ ok: false, latencyMs: latencyMs(), refused, error: refused ? err.message : 'the URL is not valid' });
    }
    const send = u.protocol === 'https:' ? https.request : http.request;
    const req = send(
      u,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Sentinel-Webhooks/1', ...headers, 'content-length': Buffer.byteLength(body) },
        lookup: ssrfLookup(o.allow),
        agent: false,
        timeout: o.timeoutMs,
      },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        const error = ok ? undefined : status >= 300 && status < 400 ? `redirect (${status}) not followed` : `answered ${status}`;
        res.on('end', () => resolve({ ok, status, latencyMs: latencyMs(), ...(error ? { error } : {}) }));
        res.on('error', () => resolve({ ok, status, latencyMs: latencyMs(), ...(error ? { error } : {}) }));
      },
    );
    // `timeout` is the socket's idle time; the deadline bounds the whole attempt, so a receiver
    // that trickles bytes cannot hold a delivery (and a worker slot) for longer.
    const deadline = setTimeout(() => req.destroy(new Error(`no answer within ${o.timeoutMs} ms`)), o.timeoutMs);
    req.on('close', () => clearTimeout(deadline));
    req.on('timeout', () => req.destroy(new Error(`no answer within ${o.timeoutMs} ms`)));
    req.on('error', (err) => {
      const refused = err instanceof WebhookAddressRefused;
      resolve({
        ok: false,
        latencyMs: latencyMs(),
        refused,
        error: refused ? err.message : `could not deliver: ${(err as NodeJS.ErrnoException).code ?? err.message}`,
      });
    });
    req.end(body);
  });
}
