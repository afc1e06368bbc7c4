export { main } from './main.js'
export { annotateJsonl } from './jsonl.js'
