export * from './domain-error.js';
export { newId, isUuid } from './ids.js';
export { CursorCodec, type Page } from './cursor.js';
export { toProblem, problemFor, isOutage, PROBLEM_CONTENT_TYPE, type Problem } from './problem.js';
