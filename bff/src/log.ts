// Structured logs as JSON lines. Callers pass ids, codes, routes and timings: never bodies,
// query strings, tokens or PII.
export type Logger = (entry: Record<string, unknown>) => void;

export function jsonLogger(write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
  return (entry) => write(`${JSON.stringify({ time: new Date().toISOString(), level: 'info', ...entry })}\n`);
}

export const silentLogger: Logger = () => {};
