import { CorpusError } from '@corpus/core'
import { numberFlag, parseCommandArgs } from '../args.js'
import { checkRedis, evictionWarning, parseQueueTarget } from '../distributed/connection.js'
import { DEFAULT_LOCK_MS } from '../distributed/protocol.js'
import { startWorker } from '../distributed/worker.js'
import { defaultWorkers } from '../parallel/pool.js'

const workerHelp = `corpus worker --queue redis://HOST:PORT [options]

Processes the shard jobs (and merge jobs) of distributed runs ("corpus run ... --queue <url>")
until stopped with SIGINT/SIGTERM (active jobs finish first; a second signal stops at once).
Run any number of them, on any number of machines. Inputs and the run's work directory must be
on a path shared with the submitter (same absolute path on every machine).

Options:
  --queue <url>        redis:// or rediss:// URL of the Redis holding the queue (required)
  --queue-name <name>  queue to serve (default: corpus); the same as the submitter's
  --concurrency <n>    shard jobs processed at once by this process (default 1)
  --workers <n>        worker threads for the per-document stages (default: number of cores;
                       0 runs them in the main thread)
  --lock-ms <n>        job lock duration (default ${DEFAULT_LOCK_MS}): the shard of a worker that dies
                       is taken up again by another worker within about 1.5 x this
  --quiet              no log lines on stderr`

const workerFlags = {
  queue: { type: 'string' },
  'queue-name': { type: 'string' },
  concurrency: { type: 'string' },
  workers: { type: 'string' },
  'lock-ms': { type: 'string' },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const

/** `corpus worker`: serve a queue of distributed runs until SIGINT/SIGTERM. */
export async function workerCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, workerFlags)
  if (values.help) {
    process.stdout.write(`${workerHelp}\n`)
    return 0
  }
  if (positionals.length > 0) throw new CorpusError('E_CONFIG', `corpus worker takes no paths, got "${positionals[0]}"`)
  if (!values.queue) throw new CorpusError('E_CONFIG', 'corpus worker: --queue redis://HOST:PORT is required')
  const target = parseQueueTarget(values.queue, values['queue-name'])
  const concurrency = numberFlag('concurrency', values.concurrency, { min: 1, max: 64, integer: true }) ?? 1
  const threads = numberFlag('workers', values.workers, { min: 0, max: 256, integer: true }) ?? defaultWorkers()
  const lockMs = numberFlag('lock-ms', values['lock-ms'], { min: 1000, max: 600_000, integer: true }) ?? DEFAULT_LOCK_MS
  const log = values.quiet ? () => undefined : (line: string) => process.stderr.write(`corpus worker: ${line}\n`)

  const info = await checkRedis(target)
  const warning = evictionWarning(target, info)
  if (warning) process.stderr.write(`corpus worker: ${warning}\n`)

  const worker = startWorker({ target, concurrency, threads, lockMs, log })
  log(`serving queue "${target.queueName}" at ${target.display} (Redis ${info.version}; concurrency ${concurrency}, ${threads} threads, lock ${lockMs} ms)`)
  await new Promise<void>((resolve) => {
    let stopping = false
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) {
        log(`${signal} again: stopping now; active jobs go back to the queue`)
        void worker.close(true).then(resolve, resolve)
        return
      }
      stopping = true
      log(`${signal}: finishing active jobs, then stopping`)
      void worker.close().then(resolve, resolve)
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
  log('stopped')
  return 0
}
