// The oldest entries of a Map or Set (insertion order), taken one after another in constant time.

/**
 * Reads a Map's or Set's entries oldest first through one iterator kept between calls. A fresh
 * iterator starts at the front of the table and steps over every entry deleted there since the table
 * was last rebuilt, so taking and deleting the oldest entry again and again with `for…of` costs in
 * proportion to the entries taken before it; a kept iterator has already stepped past them. Whoever
 * takes an entry deletes it (or deletes and adds it again, to the back): one taken and left in place
 * is not seen again until the iterator has reached the end.
 */
export class OldestFirst<T> {
  private iterator: Iterator<T> | undefined;

  constructor(private readonly entries: () => Iterator<T>) {}

  /** The oldest entry not taken yet; undefined when the collection is empty. */
  take(): T | undefined {
    let step = this.iterator?.next();
    // An iterator that reached the end stays there even when entries are added: start a new one.
    if (step === undefined || step.done === true) {
      this.iterator = this.entries();
      step = this.iterator.next();
    }
    return step.done === true ? undefined : step.value;
  }
}
