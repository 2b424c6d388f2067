#!/usr/bin/env node
// Lint: in a shell script that sets `pipefail`, a pipeline whose reader stops early
// (`| grep -q`, `| head`) fails whenever its writer still had output: the writer dies of
// SIGPIPE and pipefail reports that as the pipeline's status. It happened three times here
// (etcd --version | head, zcat | grep -q, traefik version | grep -q), each a check that failed
// at random. Read to the end instead: `| grep PATTERN >/dev/null`, `| sed -n 1p`.
// Lines inside `sh -c "..."` strings run in sh without pipefail and are not flagged when the
// pipe sits inside a quoted string.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const files = execFileSync('git', ['ls-files', '*.sh', '.ci/run'], { encoding: 'utf8' }).split('\n').filter(Boolean);
const early = /(?<!\|)\|\s*(grep\s+(-[a-zA-Z]*q[a-zA-Z]*\b|--quiet)|head\b)/;
const problems = [];
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  if (!/pipefail/.test(text)) continue;
  text.split('\n').forEach((line, i) => {
    const code = line.replace(/(^|\s)#.*$/, '');
    const m = early.exec(code);
    if (!m) return;
    // Inside a quoted string (sh -c "...", a message): count the quotes before the pipe.
    const before = code.slice(0, m.index);
    const quoted = (before.split('"').length - 1) % 2 === 1 || (before.split("'").length - 1) % 2 === 1;
    if (!quoted) problems.push(`${f}:${i + 1}: ${line.trim()}`);
  });
}
if (problems.length) {
  console.error('A pipeline that stops reading early fails under pipefail (the writer gets SIGPIPE); read to the end:');
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log(`Pipes: no early-exit reader in the ${files.length} shell scripts that could fail under pipefail`);
