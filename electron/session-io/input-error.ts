// Why an input cannot be opened as a session (missing, a directory, too large, not a session at all), in
// one line that names it. Each front end says it in its own way: the CLI as a usage error, the app as a
// failed bridge call.
export class SessionInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SessionInputError';
  }
}
