/** Shutdown for the benchmarks' child processes. */

/** On SIGTERM or SIGINT, runs `stop` and exits: 0 when it resolves, 1 when it rejects. */
export function exitOnSignal(stop: () => Promise<unknown>): void {
  const onSignal = () => {
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
