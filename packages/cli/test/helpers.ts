import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { existsSync } from 'node:fs'

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
export const cliBin = fileURLToPath(new URL('../dist/bin.js', import.meta.url))
export const seedCorpus = fileURLToPath(new URL('../../../corpus/', import.meta.url))

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

/** Spawn the built CLI as a user would (`node dist/bin.js ...`), optionally feeding stdin. */
export function runCli(args: string[], options: { input?: string | Buffer; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  if (!existsSync(cliBin)) throw new Error(`${cliBin} is missing: run "pnpm build" first (the root "pnpm test" does)`)
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliBin, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(options.input ?? '')
  })
}
