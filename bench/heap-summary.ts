// Summarises a V8 heap snapshot (.heapsnapshot, as written by --heapsnapshot-signal or
// v8.writeHeapSnapshot): total size, node count, and the self size of the largest groups
// (objects and closures by constructor name, everything else by node type). Self sizes, not
// retained sizes: what the heap is made of, not who keeps it.
// Usage: node --max-old-space-size=6144 bench/dist/heap-summary.js <file> [top]   (prints JSON)
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export interface HeapSummary {
  totalMiB: number;
  nodes: number;
  top: { group: string; count: number; MiB: number }[];
  /** the largest single nodes: type, the start of their name (a string's text), MiB */
  largest: { type: string; name: string; MiB: number }[];
}

export function summarise(s: Snapshot, top = 15): HeapSummary {
  const fields = s.snapshot.meta.node_fields;
  const types = s.snapshot.meta.node_types[0];
  const width = fields.length;
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const groups = new Map<string, { count: number; bytes: number }>();
  let total = 0;
  const largest: { type: string; name: string; bytes: number }[] = [];
  for (let i = 0; i < s.nodes.length; i += width) {
    const type = types[s.nodes[i + iType]!] ?? '?';
    const size = s.nodes[i + iSize]!;
    total += size;
    const group = type === 'object' || type === 'closure' || type === 'native' ? `${s.strings[s.nodes[i + iName]!]} (${type})` : `(${type})`;
    const g = groups.get(group) ?? { count: 0, bytes: 0 };
    g.count++;
    g.bytes += size;
    groups.set(group, g);
    if (largest.length < 10 || size > largest.at(-1)!.bytes) {
      largest.push({ type, name: (s.strings[s.nodes[i + iName]!] ?? '').slice(0, 80).replace(/\s+/g, ' '), bytes: size });
      largest.sort((a, b) => b.bytes - a.bytes);
      if (largest.length > 10) largest.pop();
    }
  }
  return {
    totalMiB: total / 2 ** 20,
    nodes: s.nodes.length / width,
    top: [...groups.entries()]
      .sort((a, b) => b[1].bytes - a[1].bytes)
      .slice(0, top)
      .map(([group, g]) => ({ group, count: g.count, MiB: g.bytes / 2 ** 20 })),
    largest: largest.map((n) => ({ type: n.type, name: n.name, MiB: n.bytes / 2 ** 20 })),
  };
}

if (process.argv[1]?.endsWith('heap-summary.js') && process.argv[2]) {
  const s = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Snapshot;
  console.log(JSON.stringify(summarise(s, Number(process.argv[3] ?? 15))));
}
