// What the user typed into a form that unmounts when its tab is switched away (emit, raw frame, proxy):
// kept here, beside the session or the app it belongs to, so the form comes back as it was left.
export class Drafts {
  private readonly values = new Map<string, unknown>();

  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }

  set(key: string, value: unknown): void {
    this.values.set(key, value);
  }
}
