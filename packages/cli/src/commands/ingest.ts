import { once } from 'node:events'
import { CorpusError, pipeline, type QuarantineEntry } from '@corpus/core'
import { cleanText, markDuplicates, readCorpus } from '@corpus/ingest'
import { numberFlag, parseCommandArgs } from '../args.js'
import { AtomicLineWriter } from '../output.js'
import { createProgress } from '../progress.js'
import { pipelineOptionsFromFlags } from './run.js'

export const ingestHelp = `corpus ingest <paths...> [options]

Reads, decodes, cleans and dedups the inputs; writes cleaned documents as JSONL on stdout.
Quarantined inputs are reported on stderr (one JSON line each, "quarantine: {...}").

Options:
  --include <glob> / --exclude <glob>   filter files inside folders (repeatable)
  --max-bytes <n>                        size limit per input (default 10485760)
  --near-duplicate-threshold <x>         near-duplicate threshold (default 0.8)
  --quarantine <file>                    also write quarantine entries as JSONL to this file
  --max-quarantine-ratio <x>             abort when more than this share is quarantined (default 0.2)
  --quiet                                no progress or quarantine lines on stderr`

export async function ingestCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    include: { type: 'string', multiple: true },
    exclude: { type: 'string', multiple: true },
    'max-bytes': { type: 'string' },
    'near-duplicate-threshold': { type: 'string' },
    quarantine: { type: 'string' },
    'max-quarantine-ratio': { type: 'string' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  })
  if (values.help) {
    process.stdout.write(`${ingestHelp}\n`)
    return 0
  }
  if (positionals.length === 0) throw new CorpusError('E_CONFIG', 'corpus ingest: give at least one input path (file, folder or -)')
  const options = pipelineOptionsFromFlags(values)
  const progress = createProgress({ quiet: values.quiet, label: 'corpus ingest' })
  const quarantineFile = values.quarantine ? new AtomicLineWriter(values.quarantine) : undefined
  const pending: QuarantineEntry[] = []
  const flush = async () => {
    for (const entry of pending.splice(0)) {
      if (!values.quiet) process.stderr.write(`quarantine: ${JSON.stringify({ source: entry.source, stage: entry.stage, rule: entry.rule, reason: entry.reason })}\n`)
      await quarantineFile?.write(JSON.stringify(entry))
    }
  }
  const stats = await pipeline(
    readCorpus(positionals, options.read),
    [cleanText(options.clean), markDuplicates(options.dedup)],
    async (docs) => {
      let written = 0
      for await (const doc of docs) {
        await flush()
        if (!process.stdout.write(`${JSON.stringify(doc)}\n`)) await once(process.stdout, 'drain')
        written += 1
        progress.update({ read: written + pending.length, written, quarantined: 0 })
      }
      await flush()
    },
    {
      maxQuarantineRatio: numberFlag('max-quarantine-ratio', values['max-quarantine-ratio'], { min: 0, max: 1 }) ?? 0.2,
      onQuarantine: (entry) => pending.push(entry),
    },
  )
  await quarantineFile?.commit()
  progress.done(`${stats.read} read, ${stats.written} written, ${stats.quarantined} quarantined`)
  return 0
}
