import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CorpusError } from '@corpus/core'
import { identify } from '@corpus/langid'
import { parseCommandArgs } from '../args.js'

const help = `corpus eval langid <file.jsonl>... [--seed-gold <lines.jsonl> --corpus <dir>] [--only <system,...>]

Reads lines {"text","lang"} and prints, for @corpus/langid and the baselines franc, eld, cld3-asm and
tinyld (all run on the same lines): accuracy per gold label and per length bucket (<= 20, 21-50,
51-200, > 200 characters), a confusion table, the share of other-language lines never called
vi/zh/en, Traditional-vs-Simplified accuracy on paired lines (those with a "pair_id"), and each
system's throughput (MB/s of UTF-8 text per CPU second on one core, after warm-up passes).

--seed-gold adds the seed articles' line labels ({doc,start,end,lang} with offsets into
<dir>/<doc>.txt; lang "none" is scored as und, "mixed" as right when spans of another language are
reported inside the line, which only @corpus/langid does).

Scoring: gold "zh" accepts any Chinese label (zh, zh-Hant, zh-Hans, yue); gold "yue-Hant" accepts
yue (written Cantonese is reported as yue; a lenient line also shows yue-or-zh-Hant).`

interface GoldLine {
  readonly text: string
  readonly lang: string
  readonly pairId?: string
  readonly source: string
}

interface Prediction {
  readonly lang: string
  /** Runs in another language inside the line (only @corpus/langid reports them). */
  readonly spans?: readonly unknown[]
}

interface System {
  readonly name: string
  readonly predict: (text: string) => Prediction
  readonly dispose?: () => void
}

const BUCKETS = ['<=20', '21-50', '51-200', '>200'] as const
type Bucket = (typeof BUCKETS)[number]
const bucketOf = (text: string): Bucket => (text.length <= 20 ? '<=20' : text.length <= 50 ? '21-50' : text.length <= 200 ? '51-200' : '>200')

const CHINESE = new Set(['zh', 'zh-Hant', 'zh-Hans', 'yue'])
const TARGET = new Set(['vi', 'en', 'zh', 'zh-Hant', 'zh-Hans', 'yue'])
const TARGET_GOLD = new Set(['vi', 'en', 'zh', 'zh-Hant', 'zh-Hans', 'yue-Hant', 'mixed', 'und'])

/** Is `pred` right for `gold`? See the help text for the rules. */
export function isCorrect(gold: string, pred: Prediction): boolean {
  if (gold === 'zh') return CHINESE.has(pred.lang)
  if (gold === 'yue-Hant') return pred.lang === 'yue' || pred.lang === 'yue-Hant'
  if (gold === 'mixed') return (pred.spans?.length ?? 0) > 0
  return gold === pred.lang
}

// ISO 639-3 (franc) and cld3/tinyld codes -> the tags the gold data uses.
const BASELINE_CODES: Record<string, string> = {
  vie: 'vi', cmn: 'zh', eng: 'en', ind: 'id', zlm: 'ms', zsm: 'ms', tgl: 'tl', fil: 'tl', fra: 'fr', por: 'pt', spa: 'es',
  deu: 'de', yor: 'yo', jpn: 'ja', kor: 'ko', tha: 'th', nld: 'nl', ita: 'it', tur: 'tr', pol: 'pl', ron: 'ro', ceb: 'ceb',
  jav: 'jv', sun: 'su', swh: 'sw', hau: 'ha', ibo: 'ig', hrv: 'hr', bos: 'bs', srp: 'sr', slk: 'sk', ces: 'cs', hun: 'hu',
  'zh-Latn': 'zh-Latn', iw: 'he', jw: 'jv', und: 'und', '': 'und',
}
const baselineTag = (code: string): string => BASELINE_CODES[code] ?? code

function readGold(file: string): GoldLine[] {
  const lines: GoldLine[] = []
  const raw = readFileSync(file, 'utf8').split('\n')
  raw.forEach((line, i) => {
    if (line.trim() === '') return
    let record: unknown
    try {
      record = JSON.parse(line)
    } catch (error) {
      throw new CorpusError('E_INPUT', `${file}:${i + 1}: not JSON (${(error as Error).message})`)
    }
    const r = record as { text?: unknown; lang?: unknown; pair_id?: unknown }
    if (typeof r.text !== 'string' || typeof r.lang !== 'string') {
      throw new CorpusError('E_INPUT', `${file}:${i + 1}: expected {"text": string, "lang": string}`)
    }
    lines.push({ text: r.text, lang: r.lang, source: file, ...(typeof r.pair_id === 'string' ? { pairId: r.pair_id } : {}) })
  })
  return lines
}

function readSeedGold(file: string, corpusDir: string): GoldLine[] {
  const texts = new Map<string, string>()
  const out: GoldLine[] = []
  for (const [i, line] of readFileSync(file, 'utf8').split('\n').entries()) {
    if (line.trim() === '') continue
    const r = JSON.parse(line) as { doc?: unknown; start?: unknown; end?: unknown; lang?: unknown }
    if (typeof r.doc !== 'string' || typeof r.start !== 'number' || typeof r.end !== 'number' || typeof r.lang !== 'string') {
      throw new CorpusError('E_INPUT', `${file}:${i + 1}: expected {"doc","start","end","lang"}`)
    }
    let text = texts.get(r.doc)
    if (text === undefined) {
      text = readFileSync(join(corpusDir, `${r.doc}.txt`), 'utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').normalize('NFC')
      texts.set(r.doc, text)
    }
    out.push({ text: text.slice(r.start, r.end), lang: r.lang === 'none' ? 'und' : r.lang, source: `${file} (seed lines)` })
  }
  return out
}

async function loadBaselines(only: Set<string> | null): Promise<System[]> {
  const systems: System[] = []
  const want = (name: string): boolean => only === null || only.has(name)
  if (want('franc')) {
    const { franc } = await import('franc')
    systems.push({ name: 'franc', predict: (text) => ({ lang: baselineTag(franc(text)) }) })
  }
  if (want('eld')) {
    const { eld } = (await import('eld/large' as string)) as { eld: { detect(text: string): { language: string } } }
    systems.push({ name: 'eld', predict: (text) => ({ lang: baselineTag(eld.detect(text).language) }) })
  }
  if (want('cld3')) {
    const { loadModule } = (await import('cld3-asm')) as typeof import('cld3-asm')
    const factory = await loadModule()
    const identifier = factory.create(0, 1000)
    systems.push({
      name: 'cld3',
      predict: (text) => ({ lang: baselineTag(identifier.findLanguage(text).language) }),
      dispose: () => identifier.dispose(),
    })
  }
  if (want('tinyld')) {
    const { detect } = (await import('tinyld')) as typeof import('tinyld')
    systems.push({ name: 'tinyld', predict: (text) => ({ lang: baselineTag(detect(text)) }) })
  }
  return systems
}

interface Tally {
  n: number
  ok: number
}
const tally = (): Tally => ({ n: 0, ok: 0 })
const pct = (t: Tally | undefined): string => (t && t.n > 0 ? `${((100 * t.ok) / t.n).toFixed(1)}` : '-')

interface SystemResult {
  readonly name: string
  readonly predictions: Prediction[]
  readonly seconds: number
}

const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since)
  return (used.user + used.system) / 1e6
}

/**
 * Untimed passes over all lines first (lazy model loading, then the JIT reaching its optimised
 * tier: passes until 2 CPU seconds, at most 50), then timed passes until at least 1 CPU second
 * (at most 20). Time is this process's CPU time (user + system), so other load on the machine
 * does not count; every system runs on the one JavaScript thread, i.e. one core.
 */
function run(system: System, lines: readonly GoldLine[]): SystemResult {
  const warm = process.cpuUsage()
  for (let pass = 0; pass < 50 && (pass === 0 || cpuSeconds(warm) < 2); pass++) for (const line of lines) system.predict(line.text)
  const start = process.cpuUsage()
  const predictions = lines.map((line) => system.predict(line.text))
  let passes = 1
  while (passes < 20 && cpuSeconds(start) < 1) {
    for (const line of lines) system.predict(line.text)
    passes++
  }
  return { name: system.name, predictions, seconds: cpuSeconds(start) / passes }
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)))
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n')
}

function report(lines: readonly GoldLine[], results: readonly SystemResult[], bytes: number): string {
  const out: string[] = []
  const labels = [...new Set(lines.map((l) => l.lang))].sort()
  out.push(`${lines.length} lines, ${(bytes / 1e6).toFixed(2)} MB UTF-8; accuracy in % (n per cell in the first table)`)

  for (const label of labels) {
    const rows: string[][] = [['system', ...BUCKETS, 'all']]
    const counts = BUCKETS.map((b) => lines.filter((l) => l.lang === label && bucketOf(l.text) === b).length)
    rows.push(['n', ...counts.map(String), String(lines.filter((l) => l.lang === label).length)])
    for (const r of results) {
      const byBucket = new Map<Bucket, Tally>()
      const all = tally()
      lines.forEach((line, i) => {
        if (line.lang !== label) return
        const t = byBucket.get(bucketOf(line.text)) ?? tally()
        const ok = isCorrect(line.lang, r.predictions[i]!)
        t.n++
        all.n++
        if (ok) {
          t.ok++
          all.ok++
        }
        byBucket.set(bucketOf(line.text), t)
      })
      rows.push([r.name, ...BUCKETS.map((b) => pct(byBucket.get(b))), pct(all)])
    }
    out.push('', `gold ${label}`, table(rows))
  }

  // Summary: overall, other languages kept apart, Hant vs Hans, lenient yue, throughput.
  const rows: string[][] = [['system', 'overall', 'others-not-vi/zh/en', 'hant-hans', 'pairs-both', 'yue|zh-Hant', 'MB/s']]
  for (const r of results) {
    const overall = tally()
    const others = tally()
    const script = tally()
    const yueLenient = tally()
    const pairs = new Map<string, boolean[]>()
    lines.forEach((line, i) => {
      const pred = r.predictions[i]!
      overall.n++
      if (isCorrect(line.lang, pred)) overall.ok++
      if (!TARGET_GOLD.has(line.lang)) {
        others.n++
        if (!TARGET.has(pred.lang)) others.ok++
      }
      if (line.pairId !== undefined && (line.lang === 'zh-Hant' || line.lang === 'zh-Hans')) {
        script.n++
        const ok = pred.lang === line.lang
        if (ok) script.ok++
        pairs.set(line.pairId, [...(pairs.get(line.pairId) ?? []), ok])
      }
      if (line.lang === 'yue-Hant') {
        yueLenient.n++
        if (pred.lang === 'yue' || pred.lang === 'zh-Hant') yueLenient.ok++
      }
    })
    const both = tally()
    for (const oks of pairs.values()) {
      if (oks.length !== 2) continue
      both.n++
      if (oks.every(Boolean)) both.ok++
    }
    rows.push([r.name, pct(overall), pct(others), pct(script), pct(both), pct(yueLenient), (bytes / 1e6 / r.seconds).toFixed(2)])
  }
  out.push('', 'summary', table(rows))

  // Confusion tables: gold rows x predicted columns (counts), predicted labels seen for that system.
  for (const r of results) {
    const preds = [...new Set(r.predictions.map((p) => p.lang))].sort()
    const cols = preds.length > 16 ? [...preds.filter((p) => labels.includes(p) || TARGET.has(p)), '(other)'] : preds
    const rowsC: string[][] = [['gold \\ pred', ...cols]]
    for (const label of labels) {
      const counts = new Map<string, number>()
      lines.forEach((line, i) => {
        if (line.lang !== label) return
        const p = r.predictions[i]!.lang
        const col = cols.includes(p) ? p : '(other)'
        counts.set(col, (counts.get(col) ?? 0) + 1)
      })
      rowsC.push([label, ...cols.map((c) => String(counts.get(c) ?? 0))])
    }
    out.push('', `confusion: ${r.name}`, table(rowsC))
  }
  return out.join('\n')
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    'seed-gold': { type: 'string' },
    corpus: { type: 'string', default: 'corpus' },
    only: { type: 'string' },
    help: { type: 'boolean', default: false },
  })
  if (values.help) {
    process.stdout.write(`${help}\n`)
    return 0
  }
  if (positionals.length === 0 && !values['seed-gold']) {
    throw new CorpusError('E_CONFIG', 'expected at least one <file.jsonl> or --seed-gold <lines.jsonl>')
  }
  const lines: GoldLine[] = []
  for (const file of positionals) lines.push(...readGold(file))
  if (values['seed-gold']) lines.push(...readSeedGold(values['seed-gold'], values.corpus))
  const only = values.only ? new Set(values.only.split(',').map((s) => s.trim())) : null

  const systems: System[] = []
  if (only === null || only.has('corpus')) {
    systems.push({ name: 'corpus', predict: (text) => identify(text) })
  }
  systems.push(...(await loadBaselines(only)))
  const bytes = lines.reduce((n, l) => n + Buffer.byteLength(l.text, 'utf8'), 0)
  const results = systems.map((s) => run(s, lines))
  for (const s of systems) s.dispose?.()
  process.stdout.write(`${report(lines, results, bytes)}\n`)
  return 0
}
