/**
 * A diagnostic subject for the load benchmarks, run as its own process (`node dist/bench/ours-replayed.js`):
 * `runtime-advice serve` exactly as the CLI starts it (same config, channels, store, metrics), except that the
 * engine answers a message it has answered before from a lookup of that earlier reply instead of running its
 * turn (NLU, interview, advice, state) again. Rendering, encoding, dedupe and every HTTP call stay real, so its
 * throughput beside ours and the bare baseline splits the difference into the engine's work and everything else.
 * Environment: as `serve`. Prints "ours-replayed listening on port N".
 */
import { buildEngine } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { HandleOptions, Input } from '../src/engine/index.js';
import type { Reply } from '../src/reply.js';
import { serve } from '../src/serve.js';
import { MemoryStore } from '../src/state/store.js';
import { exitOnSignal } from './signals.js';

const engine = await buildEngine({ store: new MemoryStore() });
const turn = engine.handle.bind(engine);
const earlier = new Map<string, Promise<Reply>>();
engine.handle = (key: string, input: Input, options?: HandleOptions): Promise<Reply> => {
  const said = JSON.stringify(input);
  let reply = earlier.get(said);
  if (!reply) {
    reply = turn(key, input, options);
    earlier.set(said, reply);
  }
  return reply;
};

const running = await serve({ config: loadConfig(process.env), engine });
process.stdout.write(`ours-replayed listening on port ${running.port}\n`);

exitOnSignal(() => running.stop());
