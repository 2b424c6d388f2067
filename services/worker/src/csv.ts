/**
 * An incremental RFC 4180 reader: feed it text in pieces of any size (a quoted field may
 * span pieces and lines) and it hands back complete records. Memory holds one record.
 */
export class CsvReader {
  private field = '';
  private record: string[] = [];
  private quoted = false;
  private quoteSeen = false;
  private started = false;

  *feed(text: string): Generator<string[]> {
    for (const ch of text) {
      if (this.quoted) {
        if (ch === '"') {
          this.quoted = false;
          this.quoteSeen = true;
        } else this.field += ch;
        continue;
      }
      if (ch === '"') {
        // Opening quote, or the second of a doubled quote inside a quoted field.
        if (this.quoteSeen) this.field += '"';
        this.quoted = true;
        this.quoteSeen = false;
        this.started = true;
        continue;
      }
      this.quoteSeen = false;
      if (ch === ',') {
        this.record.push(this.field);
        this.field = '';
        this.started = true;
      } else if (ch === '\n') {
        yield* this.finish();
      } else if (ch !== '\r') {
        this.field += ch;
        this.started = true;
      }
    }
  }

  *end(): Generator<string[]> {
    if (this.started || this.field || this.record.length) yield* this.finish();
  }

  private *finish(): Generator<string[]> {
    this.record.push(this.field);
    const r = this.record;
    this.record = [];
    this.field = '';
    this.started = false;
    this.quoteSeen = false;
    if (!(r.length === 1 && r[0] === '')) yield r;
  }
}
