// Interned strings for the store's columns: a connection id, namespace or event name is stored once and
// each record holds a 32-bit id, so a filter compares integers instead of strings. Id 0 means "none".
// A table holds at most `cap` strings: a file naming a new connection or event on every line would
// otherwise grow it with the file. A string first seen past the cap gets NOT_INTERNED, in every record
// that has it, and whoever needs the string itself reads it from the record.

/** The id of a string the table had no room for. */
export const NOT_INTERNED = 0xffff_ffff;

export class StringTable {
  private readonly ids = new Map<string, number>();
  private readonly strings: string[] = [''];
  private refused = false;

  constructor(private readonly cap = Number.POSITIVE_INFINITY) {}

  /** The id of `value`, adding it when new; NOT_INTERNED when new and the table is full. */
  intern(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      if (this.strings.length > this.cap) {
        this.refused = true;
        return NOT_INTERNED;
      }
      id = this.strings.length;
      this.strings.push(value);
      this.ids.set(value, id);
    }
    return id;
  }

  /**
   * The id of `value`; undefined when no record has it, or when the table is full and some record may
   * have it as NOT_INTERNED (`full` says which).
   */
  find(value: string): number | undefined {
    return this.ids.get(value);
  }

  /** Some string was refused: records may hold NOT_INTERNED. */
  get full(): boolean {
    return this.refused;
  }

  /** The string of an id from `intern`; '' for 0, NOT_INTERNED or an unknown id. */
  value(id: number): string {
    return this.strings[id] ?? '';
  }

  /** Every string by id (index 0 is ''), a copy: what the analysis worker resolves ids with. */
  values(): string[] {
    return this.strings.slice();
  }

  /** The first `count` strings interned, in order, a copy. */
  first(count: number): string[] {
    return this.strings.slice(1, 1 + count);
  }

  get size(): number {
    return this.strings.length - 1;
  }
}
