import { extractEntities } from '@corpus/entities'
import { createDoc, runStage } from '@corpus/core'
import { describe, expect, it } from 'vitest'
import { annotate, mention, summary } from './helpers.js'

const doc = (id: string, text: string) => createDoc({ id, text, source: { uri: `${id}.txt`, index: 0 } })

describe('canonical ids across languages and documents', () => {
  it('gives Trung Quốc, 中國 and China one id, and Nvidia, 英偉達 and 輝達 another, in two documents', async () => {
    const vi = doc('vi', 'Nvidia đã thiết kế GPU đặc biệt cho khách hàng Trung Quốc để tránh các hạn chế.')
    const zh = doc('zh', '美國對中國晶片產業的戰爭限制了英偉達的出口，輝達只能推出縮小尺寸的晶片。\n\nThe Generative AI Rush and China’s Fear of Missing Out')
    const { docs, quarantined } = await runStage(extractEntities(), [vi, zh])
    expect(quarantined).toEqual([])
    const [a, b] = docs.map((d) => d.annotations.entities ?? [])
    const idOf = (list: typeof a, text: string) => list?.find((m) => m.text === text)?.id
    expect(idOf(a, 'Trung Quốc')).toBe('loc:china')
    expect(idOf(b, '中國')).toBe('loc:china')
    expect(idOf(b, 'China')).toBe('loc:china')
    expect(idOf(a, 'Nvidia')).toBe('org:nvidia')
    expect(idOf(b, '英偉達')).toBe('org:nvidia')
    expect(idOf(b, '輝達')).toBe('org:nvidia')
    // the English title keeps only the real name
    expect(b?.filter((m) => m.lang === 'en').map((m) => m.text)).toEqual(['China'])
  })

  it('links Chinese names to pinyin and Sino-Vietnamese readings (Unihan) without a KB entry', async () => {
    const zh = await annotate('創辦人張偉傑表示，公司將擴大投資。')
    const hans = await annotate('创始人张伟杰表示，公司将扩大投资。')
    const en = await annotate('Founder Zhang Weijie said the company would invest more.')
    const vi = await annotate('Nhà sáng lập Trương Vĩ Kiệt cho biết công ty sẽ đầu tư thêm.')
    const ids = [mention(zh, '張偉傑')?.id, mention(hans, '张伟杰')?.id, mention(en, 'Zhang Weijie')?.id, mention(vi, 'Trương Vĩ Kiệt')?.id]
    expect(ids).toEqual(['per:zhang-weijie', 'per:zhang-weijie', 'per:zhang-weijie', 'per:zhang-weijie'])
  })

  it('links the KB people through their readings too (周鴻禕 / Zhou Hongyi, 習近平 / Tập Cận Bình)', async () => {
    expect(mention(await annotate('周鴻禕在會上發言。'), '周鴻禕')?.id).toBe('per:zhou-hongyi')
    expect(mention(await annotate('Zhou Hongyi, người sáng lập 360 Security Technology, cho biết.'), 'Zhou Hongyi')?.id).toBe('per:zhou-hongyi')
    expect(mention(await annotate('Chủ tịch Tập Cận Bình phát biểu.'), 'Tập Cận Bình')?.id).toBe('per:xi-jinping')
  })

  it('reads Chinese written inside a Vietnamese sentence with the Chinese extractor', async () => {
    const out = await annotate('Nvidia (英偉達) và Alibaba (阿里巴巴) mở văn phòng tại Hàng Châu (杭州).')
    expect(summary(out)).toEqual([
      'Nvidia ORG org:nvidia',
      '英偉達 ORG org:nvidia',
      'Alibaba ORG org:alibaba',
      '阿里巴巴 ORG org:alibaba',
      'Hàng Châu LOC loc:hangzhou',
      '杭州 LOC loc:hangzhou',
    ])
    expect(mention(out, '英偉達')?.lang).toBe('zh-Hant')
  })

  it('links spelling variants: case, diacritics and a one-letter typo', async () => {
    const out = await annotate('Một số người dùng chuyển sang OpenAl. Công ty mẹ tikTok là ByteDance. Deepseek ra mắt mô hình mới. Người dân Hoa Ky lo ngại.')
    expect(mention(out, 'OpenAl')?.id).toBe('org:openai')
    expect(mention(out, 'tikTok')?.id).toBe('org:tiktok')
    expect(mention(out, 'Deepseek')?.id).toBe('org:deepseek')
    expect(mention(out, 'Hoa Ky')?.id).toBe('loc:united-states')
  })

  it('gives an unknown name a stable id from its normalised name, the same in two documents', async () => {
    const { docs, quarantined } = await runStage(extractEntities(), [
      doc('a', 'Công ty khởi nghiệp Zentrix Robotics vừa gọi vốn thành công.'),
      doc('b', 'Zentrix Robotics announced a new humanoid robot in Shenzhen.'),
    ])
    expect(quarantined).toEqual([])
    const ids = docs.map((d) => d.annotations.entities?.find((m) => m.text === 'Zentrix Robotics')?.id)
    expect(ids).toEqual(['org:zentrix-robotics', 'org:zentrix-robotics'])
  })

  it('gives a legal-name variant the brand id (Tencent Holdings, Meta Platforms)', async () => {
    const out = await annotate('Tencent Holdings và Meta Platforms đều công bố mô hình mới.')
    expect(mention(out, 'Tencent Holdings')?.id).toBe('org:tencent')
    expect(mention(out, 'Meta Platforms')?.id).toBe('org:meta')
  })
})
