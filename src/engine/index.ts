/** The engine's public entry: what channels, the CLI and the wiring may import from src/engine. */

export { parseAction } from './action.js';
export type { Advice } from './advice.js';
export type { Answered, EngineApi, HandleOptions, Input, LastRecommendation, Recommendation, ResponseKey } from './api.js';
export { Engine, type EngineDeps, type TurnObserved } from './engine.js';
export type { EvalSet, IntentMetrics, Labelled, SituationLine, SituationMetrics, VerdictLine } from './evaluate.js';
export type { ConversationState, InterviewState } from './state.js';
