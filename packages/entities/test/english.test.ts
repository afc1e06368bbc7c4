import { describe, expect, it } from 'vitest'
import { annotate, mention } from './helpers.js'

describe('English text', () => {
  it('finds people, places and organisations in an English paragraph', async () => {
    const out = await annotate('Alexander Harrowell, an analyst at Omdia, said Chinese firms in Hangzhou could train models on Ascend chips from Huawei.')
    expect(mention(out, 'Alexander Harrowell')?.type).toBe('PER')
    expect(mention(out, 'Omdia')?.id).toBe('org:omdia')
    expect(mention(out, 'Hangzhou')).toMatchObject({ type: 'LOC', id: 'loc:hangzhou' })
    expect(mention(out, 'Ascend')?.id).toBe('product:ascend')
    expect(mention(out, 'Huawei')?.id).toBe('org:huawei')
    expect(out.every((m) => m.lang === 'en')).toBe(true)
  })

  it('keeps "of" and "and" inside institution names, and weekdays out', async () => {
    const out = await annotate('The Ministry of Planning and Investment said on Tuesday that Samsung would expand.')
    expect(out.map((m) => `${m.text} ${m.type}`)).toEqual(['Ministry of Planning and Investment ORG', 'Samsung ORG'])
  })

  it('reads appositions, abbreviated legal names and keeps approximators out of percentages', async () => {
    const out = await annotate('Lip-Bu Tan, Intel’s new CEO, said Taiwan Semiconductor Manufacturing Co. expects revenue to grow about 20% this year.')
    expect(mention(out, 'Lip-Bu Tan')?.type).toBe('PER')
    expect(out.find((m) => m.text.startsWith('Taiwan Semiconductor'))?.id).toBe('org:tsmc')
    expect(mention(out, '20%')?.id).toBe('percent:20')
  })

  it('does not take capitalised sentence starts for names', async () => {
    const out = await annotate('However, the company said it would wait. The rules apply to Microsoft too.')
    expect(out.map((m) => m.text)).toEqual(['Microsoft'])
  })
})
