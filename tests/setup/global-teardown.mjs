export default async function globalTeardown() {
  // The control plane first: it is independent of the stack, and either stop may fail alone.
  await globalThis.__sentinelControlPlane?.stop().catch((err) => console.error(`control plane stop: ${err.message}`));
  await globalThis.__sentinelStack?.stop();
}
