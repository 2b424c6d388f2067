export default async function globalTeardown() {
  for (const stop of (globalThis.__sentinelStops ?? []).reverse()) await stop().catch(() => {});
}
