/**
 * A diagnostic subject for the load benchmarks, run as its own process (`node dist/bench/ours-replayed.js`):
 * `runtime-advice serve` as the CLI starts it (the same config, channels, dedupe and metrics), except for the
 * engine's turn. A message whose input it has answered before gets that first reply again from a lookup, whatever
 * the conversation and its state, so the turn's work (NLU, interview, advice, the conversation's state in its own
 * MemoryStore, and the turn's metrics observation) is skipped. Rendering, encoding, dedupe and every HTTP call stay
 * real, so its throughput beside ours and the bare baseline splits the difference into the engine's turn and the
 * rest. The replies differ from ours where a conversation's state would change them (on the Teams load, inside
 * interviews). Environment: as `serve`. Prints "ours-replayed listening on port N".
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
    // Only replies are replayed: a turn that failed runs again next time.
    reply.catch(() => earlier.delete(said));
    earlier.set(said, reply);
  }
  return reply;
};

const running = await serve({ config: loadConfig(process.env), engine });
process.stdout.write(`ours-replayed listening on port ${running.port}\n`);

exitOnSignal(() => running.stop());
