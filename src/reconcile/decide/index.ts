// Deciding what to do: state → action, remediation and retries, failure resets, annotations,
// and the loop that runs injected actions until the release settles.
export * from './actions.js';
export * from './errors.js';
export * from './remediation.js';
export * from './annotations.js';
export * from './reset.js';
export { actionForState, type DecisionContext } from './action-for-state.js';
export { runAtomicRelease, type LoopDeps, type LoopOutcome } from './loop.js';
export * from './bookkeeping.js';
export * from './attempt.js';
export * from './target.js';
export { summarizeRelease, recordObservedDigests, type ObservedDigests } from './summarize.js';
