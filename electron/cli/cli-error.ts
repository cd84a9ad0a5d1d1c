// The CLI's one failure shape: a one-line reason on stderr and an exit status, never a stack trace.

/** Exit statuses: 1 = the work failed (unreachable server, refused handshake), 2 = wrong usage or input. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function usageError(message: string): CliError {
  return new CliError(message, EXIT_USAGE);
}
