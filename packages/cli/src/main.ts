import { isCorpusError } from '@corpus/core'
import { entitiesCommand, langidCommand } from './commands/annotate.js'
import { ingestCommand } from './commands/ingest.js'
import { run } from './commands/run.js'
import { toolVersion } from './version.js'

const usage = `corpus <command> [options]

Commands:
  run <paths...> --out <dir>   whole pipeline: documents.jsonl, report.json, report.md, quarantine.jsonl
  ingest <paths...>            cleaned documents as JSONL on stdout
  langid                       JSONL {text} on stdin -> + lang, confidence on stdout
  entities                     JSONL {text} on stdin -> + entities on stdout
  eval <ingest|langid|entities> [...]   measure a stage against gold data
  worker --queue redis://HOST:PORT      process shard jobs of distributed runs

Run "corpus <command> --help" for the options of a command.`

const evalStages = ['ingest', 'langid', 'entities'] as const

type Command = (argv: string[]) => Promise<number>

const commands: Record<string, Command> = {
  run,
  ingest: ingestCommand,
  langid: langidCommand,
  entities: entitiesCommand,
  async eval(argv) {
    const [stage, ...rest] = argv
    if (!stage || !(evalStages as readonly string[]).includes(stage)) {
      process.stderr.write(`corpus eval: expected one of ${evalStages.join(', ')}, got ${stage ? `"${stage}"` : 'nothing'}\n`)
      return 2
    }
    const module = (await import(`./eval/${stage}.js`)) as { main: Command }
    return module.main(rest)
  },
  async worker(argv) {
    // The distributed worker lives in its own module so BullMQ loads only when it is used.
    const workerModule = './commands/worker.js'
    const module = (await import(workerModule)) as { workerCommand: Command }
    return module.workerCommand(argv)
  },
}

/**
 * Run the CLI and return its exit code: 0 when the run finished (quarantined inputs included),
 * 2 for bad arguments or config, 1 when the run itself failed. Errors are one line on stderr.
 */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage}\n`)
    return name ? 0 : 2
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${toolVersion()}\n`)
    return 0
  }
  const command = commands[name]
  if (!command) {
    process.stderr.write(`corpus: unknown command "${name}" (run "corpus --help")\n`)
    return 2
  }
  try {
    return await command(rest)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const code = isCorpusError(error) ? error.code : 'E_INTERNAL'
    process.stderr.write(`corpus ${name}: ${code}: ${message.split('\n')[0]}\n`)
    if (process.env.CORPUS_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`)
    return code === 'E_CONFIG' ? 2 : 1
  }
}
