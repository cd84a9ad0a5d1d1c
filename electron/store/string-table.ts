// Interned strings for the store's columns: a namespace or event name is stored once and each record
// holds a 32-bit id, so a filter compares integers instead of strings. Id 0 means "none".

export class StringTable {
  private readonly ids = new Map<string, number>();
  private readonly strings: string[] = [''];

  /** The id of `value`, adding it when new. */
  intern(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(value);
      this.ids.set(value, id);
    }
    return id;
  }

  /** The id of `value`, or undefined when no record has it (a filter for it matches nothing). */
  find(value: string): number | undefined {
    return this.ids.get(value);
  }

  /** The string of an id from `intern`; '' for 0 or an unknown id. */
  value(id: number): string {
    return this.strings[id] ?? '';
  }

  /** Every string by id (index 0 is ''), a copy: what the analysis worker resolves ids with. */
  values(): string[] {
    return this.strings.slice();
  }

  get size(): number {
    return this.strings.length - 1;
  }
}
