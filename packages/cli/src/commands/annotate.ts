import { identify } from '@corpus/langid'
import { createEntityFinder } from '@corpus/entities'
import { parseCommandArgs } from '../args.js'
import { annotateJsonl } from '../jsonl.js'

export const langidHelp = `corpus langid [--quiet]

Reads JSONL objects with a "text" field on stdin and writes the same objects with "lang" and
"confidence" added on stdout, one line per input line, in order. A line that is not a JSON object
with "text" gets {"error": "..."} in its place.`

export const entitiesHelp = `corpus entities [--knowledge-base <file>] [--quiet]

Reads JSONL objects with a "text" field on stdin and writes the same objects with "entities"
added ([{start,end,text,type,id,lang,value?}]) on stdout, one line per input line, in order. A line
that is not a JSON object with "text" gets {"error": "..."} in its place.`

export async function langidCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  })
  if (values.help) {
    process.stdout.write(`${langidHelp}\n`)
    return 0
  }
  const { lines, errors } = await annotateJsonl(process.stdin, process.stdout, (record) => {
    const guess = identify(record.text)
    return { ...record, lang: guess.lang, confidence: guess.confidence }
  })
  if (!values.quiet) process.stderr.write(`corpus langid: ${lines} lines, ${errors} errors\n`)
  return 0
}

export async function entitiesCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    'knowledge-base': { type: 'string' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  })
  if (values.help) {
    process.stdout.write(`${entitiesHelp}\n`)
    return 0
  }
  const options = values['knowledge-base'] ? { knowledgeBase: values['knowledge-base'] } : {}
  // One finder for the whole stream: the dictionaries load once, not per line.
  const find = createEntityFinder(options)
  const { lines, errors } = await annotateJsonl(process.stdin, process.stdout, (record) => ({
    ...record,
    entities: find(record.text),
  }))
  if (!values.quiet) process.stderr.write(`corpus entities: ${lines} lines, ${errors} errors\n`)
  return 0
}
