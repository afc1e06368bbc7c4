#!/usr/bin/env bash
# Drift check: reports/ must be what the pipeline produces from corpus/.
# Regenerates the reports into a temporary directory and compares the CONTENT of report.json (its
# `run` header, with timings and inputs, is left out) and report.md with the committed ones.
# Run from anywhere; needs the packages built (`pnpm build`, which `pnpm test` does first).
set -euo pipefail
cd "$(dirname "$0")/.."

regenerate='pnpm -s corpus run corpus --out reports'
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

if ! pnpm -s corpus run corpus --out "$tmp" --quiet; then
  echo "check-reports: the pipeline failed on corpus/ (command: pnpm -s corpus run corpus --out <dir> --quiet)" >&2
  exit 1
fi

status=0
for file in report.json report.md; do
  if [ ! -f "reports/$file" ]; then
    echo "check-reports: reports/$file is missing" >&2
    status=1
  fi
done

if [ "$status" -eq 0 ]; then
  # Compare report.json without `run`, key order ignored; print the first differing paths.
  if ! node - "reports/report.json" "$tmp/report.json" <<'NODE'
const { readFileSync } = require('node:fs')
const [committedPath, freshPath] = process.argv.slice(2)
const load = (path) => {
  try {
    const report = JSON.parse(readFileSync(path, 'utf8'))
    delete report.run
    return report
  } catch (error) {
    process.stderr.write(`check-reports: cannot read ${path}: ${error.message}\n`)
    process.exit(1)
  }
}
const differences = []
const walk = (a, b, path) => {
  if (differences.length >= 20) return
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()
    for (const key of keys) walk(a[key], b[key], Array.isArray(a) ? `${path}[${key}]` : `${path}.${key}`)
    return
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) {
    const show = (v) => (v === undefined ? '(absent)' : JSON.stringify(v).slice(0, 100))
    differences.push(`  ${path}: committed ${show(a)}, regenerated ${show(b)}`)
  }
}
walk(load(committedPath), load(freshPath), '$')
if (differences.length > 0) {
  process.stderr.write(`check-reports: reports/report.json content differs from what corpus/ produces:\n${differences.join('\n')}\n`)
  process.exit(1)
}
NODE
  then
    status=1
  fi
  if ! diff -u "reports/report.md" "$tmp/report.md" > "$tmp/report.md.diff"; then
    echo "check-reports: reports/report.md differs from what corpus/ produces (first lines of the diff):" >&2
    head -n 40 "$tmp/report.md.diff" >&2
    status=1
  fi
fi

if [ "$status" -ne 0 ]; then
  echo "check-reports: reports/ is out of date. Regenerate it with: $regenerate" >&2
  exit 1
fi
echo "check-reports: reports/ matches corpus/"
