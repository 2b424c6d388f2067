// Unit tests for the incremental CSV reader: pure, no services needed.
import { CsvReader } from './csv.js';

function readAll(pieces: string[]): string[][] {
  const r = new CsvReader();
  const out: string[][] = [];
  for (const p of pieces) out.push(...r.feed(p));
  out.push(...r.end());
  return out;
}

const sample = 'email,displayName\r\na@x.io,"Doe, Jane"\nb@x.io,"He said ""hi""\nthen left"\n\nc@x.io,plain';
const expected = [
  ['email', 'displayName'],
  ['a@x.io', 'Doe, Jane'],
  ['b@x.io', 'He said "hi"\nthen left'],
  ['c@x.io', 'plain'],
];

test('quotes, doubled quotes, embedded commas and newlines, CRLF and LF, blank lines, no final newline', () => {
  expect(readAll([sample])).toEqual(expected);
});

test('the same records whatever the piece boundaries', () => {
  for (let size = 1; size <= 7; size++) {
    const pieces = [];
    for (let i = 0; i < sample.length; i += size) pieces.push(sample.slice(i, i + size));
    expect(readAll(pieces)).toEqual(expected);
  }
});

test('empty fields are kept', () => {
  expect(readAll(['a,,c\n,,\n'])).toEqual([
    ['a', '', 'c'],
    ['', '', ''],
  ]);
});
