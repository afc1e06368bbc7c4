/** Progress on stderr: a redrawn line on a TTY, plain lines (at most one a second) otherwise. */
export interface Progress {
  update(counts: { read: number; written: number; quarantined: number }): void
  done(message: string): void
}

export function createProgress(options: { quiet: boolean; stream?: NodeJS.WriteStream; label?: string }): Progress {
  const stream = options.stream ?? process.stderr
  const label = options.label ?? 'corpus'
  if (options.quiet) return { update() {}, done() {} }
  const tty = Boolean(stream.isTTY)
  let last = 0
  const started = Date.now()
  const line = (c: { read: number; written: number; quarantined: number }) => {
    const seconds = (Date.now() - started) / 1000
    const rate = seconds > 0 ? (c.read / seconds).toFixed(0) : '0'
    return `${label}: ${c.read} read, ${c.written} written, ${c.quarantined} quarantined (${rate} docs/s)`
  }
  return {
    update(counts) {
      const now = Date.now()
      if (now - last < (tty ? 100 : 1000)) return
      last = now
      if (tty) stream.write(`\r\x1b[2K${line(counts)}`)
      else stream.write(`${line(counts)}\n`)
    },
    done(message) {
      if (tty) stream.write('\r\x1b[2K')
      stream.write(`${label}: ${message}\n`)
    },
  }
}
