import { readFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { CorpusError, pipeline, type Doc } from '@corpus/core'
import { createEntityFinder, extractEntities, type EntityMention } from '@corpus/entities'
import { cleanText, readCorpus } from '@corpus/ingest'
import { parseCommandArgs } from '../args.js'

const help = `corpus eval entities [gold.jsonl] [--corpus <dir>] [--lines <lines.jsonl>] [--format seed|uner]
                      [--knowledge-base <file>] [--errors]

Seed format (default; gold ../shared/data/seed-gold/entities.jsonl): gold records
{doc,start,end,text,type,id} with offsets into <corpus>/<doc>.txt (default: the folder "corpus"
next to the gold folder's "data" parent, i.e. ../shared/corpus). The articles go through
@corpus/ingest (readCorpus + cleanText) and the entities stage; predicted offsets are mapped back to
the file text through paragraphs[].sourceStart. With --lines, the stage runs on the raw file lines
instead, skipping the lines whose kind in lines.jsonl is boilerplate or image.

UNER format (--format uner; default gold ../shared/data/ner/uner-zh-pud.jsonl): lines
{text,entities:[{start,end,type}]} scored on PER/ORG/LOC only.

Prints precision / recall / F1 (exact span and type) per type, per language and micro-averaged,
linking B-cubed F1 over the gold ids (on mentions whose span matched exactly; seed format), and the
stage's throughput in MB/s of UTF-8 text on one core (dictionary loading excluded).
--errors also lists the false positives and false negatives.`

interface Span {
  readonly doc: string
  readonly start: number
  readonly end: number
  readonly type: string
  readonly text: string
  readonly id?: string
  readonly lang?: string
}

interface Counts {
  tp: number
  fp: number
  fn: number
}
const prf = (c: Counts): { p: number; r: number; f: number } => {
  const p = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0
  const r = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0
  return { p, r, f: p + r ? (2 * p * r) / (p + r) : 0 }
}
const fmt = (x: number): string => x.toFixed(3)

function score(gold: readonly Span[], pred: readonly Span[], by: (s: Span) => string): Map<string, Counts> {
  const table = new Map<string, Counts>()
  const get = (k: string): Counts => {
    let c = table.get(k)
    if (!c) table.set(k, (c = { tp: 0, fp: 0, fn: 0 }))
    return c
  }
  const key = (s: Span): string => `${s.doc}\t${s.start}\t${s.end}\t${s.type}`
  const goldKeys = new Set(gold.map(key))
  const predKeys = new Set(pred.map(key))
  for (const g of gold) {
    const c = get(by(g))
    if (predKeys.has(key(g))) c.tp++
    else c.fn++
  }
  for (const p of pred) if (!goldKeys.has(key(p))) get(by(p)).fp++
  return table
}

function printTable(title: string, table: Map<string, Counts>): Counts {
  const all: Counts = { tp: 0, fp: 0, fn: 0 }
  process.stdout.write(`\n${title}\n${'key'.padEnd(10)} ${'gold'.padStart(5)} ${'pred'.padStart(5)} ${'P'.padStart(6)} ${'R'.padStart(6)} ${'F1'.padStart(6)}\n`)
  for (const [k, c] of [...table.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const { p, r, f } = prf(c)
    process.stdout.write(`${k.padEnd(10)} ${String(c.tp + c.fn).padStart(5)} ${String(c.tp + c.fp).padStart(5)} ${fmt(p).padStart(6)} ${fmt(r).padStart(6)} ${fmt(f).padStart(6)}\n`)
    all.tp += c.tp
    all.fp += c.fp
    all.fn += c.fn
  }
  return all
}

/** B-cubed F1 of the predicted grouping against the gold ids, over exactly matched mentions. */
export function bCubed(pairs: readonly { gold: string; pred: string }[]): { p: number; r: number; f: number } {
  if (!pairs.length) return { p: 0, r: 0, f: 0 }
  let p = 0
  let r = 0
  const byGold = new Map<string, number[]>()
  const byPred = new Map<string, number[]>()
  pairs.forEach((x, i) => {
    byGold.set(x.gold, [...(byGold.get(x.gold) ?? []), i])
    byPred.set(x.pred, [...(byPred.get(x.pred) ?? []), i])
  })
  pairs.forEach((x) => {
    const g = byGold.get(x.gold) ?? []
    const q = byPred.get(x.pred) ?? []
    const both = q.filter((j) => pairs[j]?.gold === x.gold).length
    p += both / q.length
    r += both / g.length
  })
  p /= pairs.length
  r /= pairs.length
  return { p, r, f: p + r ? (2 * p * r) / (p + r) : 0 }
}

function readJsonl<T>(path: string): T[] {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new CorpusError('E_INPUT', `cannot read ${path}: ${(error as Error).message}`)
  }
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      try {
        return JSON.parse(l) as T
      } catch {
        throw new CorpusError('E_INPUT', `${path}:${i + 1}: not JSON`)
      }
    })
}

/** MB/s of UTF-8 text per core: CPU time of this process (so other load on the machine does not count). */
function throughput(bytes: number, run: () => void): number {
  // JIT warm-up: the seed set is small, a real corpus runs long enough to be warm.
  for (let i = 0; i < 20; i++) run()
  let reps = 0
  const t0 = process.cpuUsage()
  let elapsed = 0
  while (elapsed < 2 || reps < 3) {
    run()
    reps++
    const used = process.cpuUsage(t0)
    elapsed = (used.user + used.system) / 1e6
  }
  return (bytes * reps) / elapsed / 1e6
}

interface LineRecord {
  doc: string
  line: number
  start: number
  end: number
  kind: string
  lang: string
}

async function seedEval(goldPath: string, corpusDir: string, linesPath: string, useLines: boolean, kb: string | undefined, showErrors: boolean): Promise<number> {
  const gold = readJsonl<Span & { id: string }>(goldPath)
  const lines = readJsonl<LineRecord>(linesPath)
  const docsNames = [...new Set(lines.map((l) => l.doc))].sort()
  const langOf = (doc: string, offset: number): string => lines.find((l) => l.doc === doc && l.start <= offset && offset <= l.end)?.lang ?? 'none'
  const options = kb ? { knowledgeBase: kb } : {}
  const pred: (Span & { id: string })[] = []
  let bytes = 0
  let timed: () => void
  if (useLines) {
    const find = createEntityFinder(options)
    const inputs = docsNames.map((doc) => {
      const text = readFileSync(join(corpusDir, `${doc}.txt`), 'utf8')
      const segments = lines.filter((l) => l.doc === doc && l.kind !== 'boilerplate' && l.kind !== 'image').map((l) => ({ start: l.start, end: l.end }))
      return { doc, text, segments }
    })
    for (const { doc, text, segments } of inputs) {
      bytes += segments.reduce((n, s) => n + Buffer.byteLength(text.slice(s.start, s.end)), 0)
      for (const m of find(text, segments)) pred.push({ ...m, doc })
    }
    timed = () => {
      for (const { text, segments } of inputs) find(text, segments)
    }
  } else {
    const files = docsNames.map((d) => join(corpusDir, `${d}.txt`))
    const source = readCorpus(files)
    const docs: Doc[] = []
    const stage = extractEntities(options)
    await pipeline(source, [cleanText(), stage], async (stream) => {
      for await (const d of stream) docs.push(d)
    })
    for (const d of docs) {
      const name = basename(d.source.uri).replace(/\.txt$/, '')
      const paragraphs = d.annotations.paragraphs ?? []
      bytes += Buffer.byteLength(d.text)
      for (const m of d.annotations.entities ?? []) {
        const p = paragraphs.find((q) => q.start <= m.start && m.end <= q.end)
        if (!p) continue
        pred.push({ ...m, doc: name, start: p.sourceStart + (m.start - p.start), end: p.sourceStart + (m.end - p.start) })
      }
    }
    const finder = createEntityFinder(options)
    timed = () => {
      for (const d of docs) {
        const segs = (d.annotations.paragraphs ?? []).map((p) => ({ start: p.start, end: p.end }))
        finder(d.text, segs)
      }
    }
  }
  const withLang = (s: Span): string => langOf(s.doc, s.start)
  const goldL = gold.map((g) => ({ ...g, lang: withLang(g) }))
  const predL = pred.map((p) => ({ ...p, lang: withLang(p) }))
  process.stdout.write(`seed gold: ${gold.length} mentions in ${docsNames.length} documents (${useLines ? 'raw lines' : 'ingest + cleanText'})\n`)
  const all = printTable('per type (exact span and type)', score(goldL, predL, (s) => s.type))
  printTable('per language (of the line)', score(goldL, predL, (s) => s.lang ?? 'none'))
  const micro = prf(all)
  process.stdout.write(`\nmicro  P ${fmt(micro.p)}  R ${fmt(micro.r)}  F1 ${fmt(micro.f)}\n`)
  const predBySpan = new Map(pred.map((p) => [`${p.doc}\t${p.start}\t${p.end}`, p]))
  const pairs = gold.flatMap((g) => {
    const p = predBySpan.get(`${g.doc}\t${g.start}\t${g.end}`)
    return p ? [{ gold: g.id, pred: p.id }] : []
  })
  const b3 = bCubed(pairs)
  process.stdout.write(`linking B-cubed over ${pairs.length} matched mentions  P ${fmt(b3.p)}  R ${fmt(b3.r)}  F1 ${fmt(b3.f)}\n`)
  process.stdout.write(`throughput ${throughput(bytes, timed).toFixed(2)} MB/s (${(bytes / 1e3).toFixed(1)} kB of text, one core)\n`)
  if (showErrors) {
    const key = (s: Span): string => `${s.doc}\t${s.start}\t${s.end}\t${s.type}`
    const gk = new Set(gold.map(key))
    const pk = new Set(pred.map(key))
    process.stdout.write('\nfalse negatives\n')
    for (const g of gold) if (!pk.has(key(g))) process.stdout.write(`  FN ${g.doc.slice(0, 3)} ${g.start} ${g.type} ${JSON.stringify(g.text)}\n`)
    process.stdout.write('false positives\n')
    for (const p of pred) if (!gk.has(key(p))) process.stdout.write(`  FP ${p.doc.slice(0, 3)} ${p.start} ${p.type} ${JSON.stringify(p.text)} ${p.id}\n`)
    process.stdout.write('linking (gold id -> predicted ids)\n')
    const groups = new Map<string, Set<string>>()
    for (const x of pairs) groups.set(x.gold, (groups.get(x.gold) ?? new Set()).add(x.pred))
    for (const [g, ps] of groups) if (ps.size > 1) process.stdout.write(`  ${g} -> ${[...ps].join(', ')}\n`)
  }
  return 0
}

async function unerEval(goldPath: string, kb: string | undefined, showErrors: boolean): Promise<number> {
  const records = readJsonl<{ id?: string; text: string; lang?: string; entities: { start: number; end: number; type: string; text?: string }[] }>(goldPath)
  const find = createEntityFinder(kb ? { knowledgeBase: kb } : {})
  const keep = new Set(['PER', 'ORG', 'LOC'])
  const gold: Span[] = []
  const pred: Span[] = []
  let bytes = 0
  records.forEach((r, i) => {
    const doc = String(i)
    bytes += Buffer.byteLength(r.text)
    for (const e of r.entities) if (keep.has(e.type)) gold.push({ doc, start: e.start, end: e.end, type: e.type, text: r.text.slice(e.start, e.end) })
    for (const m of find(r.text, [{ start: 0, end: r.text.length, lang: r.lang ?? 'zh-Hant' }]) as EntityMention[]) {
      if (keep.has(m.type)) pred.push({ doc, start: m.start, end: m.end, type: m.type, text: m.text })
    }
  })
  process.stdout.write(`UNER: ${records.length} sentences, ${gold.length} PER/ORG/LOC mentions\n`)
  const all = printTable('per type (exact span and type)', score(gold, pred, (s) => s.type))
  const micro = prf(all)
  process.stdout.write(`\nmicro  P ${fmt(micro.p)}  R ${fmt(micro.r)}  F1 ${fmt(micro.f)}\n`)
  process.stdout.write(`throughput ${throughput(bytes, () => records.forEach((r) => find(r.text, [{ start: 0, end: r.text.length, lang: 'zh-Hant' }]))).toFixed(2)} MB/s (one core)\n`)
  if (showErrors) {
    const key = (s: Span): string => `${s.doc}\t${s.start}\t${s.end}\t${s.type}`
    const gk = new Set(gold.map(key))
    const pk = new Set(pred.map(key))
    for (const g of gold) if (!pk.has(key(g))) process.stdout.write(`  FN ${g.doc} ${g.type} ${g.text}\n`)
    for (const p of pred) if (!gk.has(key(p))) process.stdout.write(`  FP ${p.doc} ${p.type} ${p.text}\n`)
  }
  return 0
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    corpus: { type: 'string' },
    lines: { type: 'string' },
    format: { type: 'string', default: 'seed' },
    'knowledge-base': { type: 'string' },
    errors: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  })
  if (values.help) {
    process.stdout.write(`${help}\n`)
    return 0
  }
  const format = values.format
  if (format !== 'seed' && format !== 'uner') throw new CorpusError('E_CONFIG', `--format must be seed or uner, got "${format}"`)
  const kb = values['knowledge-base']
  if (format === 'uner') return unerEval(resolve(positionals[0] ?? '../shared/data/ner/uner-zh-pud.jsonl'), kb, values.errors)
  const goldPath = resolve(positionals[0] ?? '../shared/data/seed-gold/entities.jsonl')
  const linesPath = resolve(values.lines ?? join(dirname(goldPath), 'lines.jsonl'))
  const corpusDir = resolve(values.corpus ?? join(dirname(goldPath), '..', '..', 'corpus'))
  return seedEval(goldPath, corpusDir, linesPath, values.lines !== undefined, kb, values.errors)
}
