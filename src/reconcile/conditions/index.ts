// Condition helpers with Flux's semantics, and helm-controller's Ready summary.
export * from './conditions.js';
export { summarize, type SummarizeOptions } from './summarize.js';
