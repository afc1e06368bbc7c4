import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { cliBin, repoRoot } from '../helpers.js'

/**
 * The Redis the distributed tests run against: `CORPUS_TEST_REDIS_URL` (CI starts one with
 * .ci/services.sh), else a redis-server this test file starts itself on a free port when the
 * binary is installed, else none (the tests are skipped with a note).
 */
export type RedisChoice = { readonly kind: 'env'; readonly url: string } | { readonly kind: 'spawn' } | { readonly kind: 'none'; readonly why: string }

export function chooseRedis(): RedisChoice {
  const url = process.env.CORPUS_TEST_REDIS_URL
  if (url) return { kind: 'env', url }
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' })
  if (probe.status === 0) return { kind: 'spawn' }
  return { kind: 'none', why: 'CORPUS_TEST_REDIS_URL is not set and redis-server is not installed (apt-get install redis-server, or source .ci/services.sh)' }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/** A redis-server child of this process on a free port, no persistence; `stop()` kills it by its PID. */
export async function spawnRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort()
  const child = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start on port ${port}: ${log}`)), 10_000)
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      log += chunk
      if (log.includes('Ready to accept connections')) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`redis-server exited with ${code}: ${log}`))
    })
  })
  child.stdout?.removeAllListeners('data').resume()
  child.removeAllListeners('exit')
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => stopChild(child),
  }
}

/** Kill a child by its PID (SIGTERM, then SIGKILL after 5 s) and wait for it to exit. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill(signal)
  })
}

/** A running CLI child process (`node dist/bin.js ...`) whose output is collected. */
export interface CliProcess {
  readonly child: ChildProcess
  stderr(): string
  stdout(): string
  /** Resolves with the stderr text once it matches `pattern`; rejects if the process exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Processes started by {@link startCli}, so a test can stop whatever it left running. */
export const started = new Set<ChildProcess>()

/** Start the built CLI as a user would. */
export function startCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliProcess {
  const child = spawn(process.execPath, [cliBin, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  started.add(child)
  let stdout = ''
  let stderr = ''
  const waiters: { pattern: RegExp; resolve: (text: string) => void }[] = []
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(stderr)) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve(stderr)
      }
    }
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      started.delete(child)
      resolve({ code, signal })
    })
  })
  return {
    child,
    stderr: () => stderr,
    stdout: () => stdout,
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      if (pattern.test(stderr)) return Promise.resolve(stderr)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern} in stderr:\n${stderr}`)), timeoutMs)
        waiters.push({
          pattern,
          resolve: (text) => {
            clearTimeout(timer)
            resolve(text)
          },
        })
        void exited.then(({ code, signal }) => {
          clearTimeout(timer)
          reject(new Error(`process exited (${code ?? signal}) before ${pattern} appeared in stderr:\n${stderr}`))
        })
      })
    },
  }
}

/** Stop every CLI process a test started and left running. */
export async function stopAll(): Promise<void> {
  await Promise.all([...started].map((child) => stopChild(child, 'SIGKILL')))
}
