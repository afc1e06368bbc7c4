import { describe, expect, it } from 'vitest'
import { annotate, mention, summary } from './helpers.js'

describe('Chinese names', () => {
  it('segments Traditional text and links KB names with regional variants', async () => {
    const out = await annotate('與此同時，英偉達縮小尺寸晶片的交付遭到中國人工智慧公司的冷遇。輝達執行長黃仁勳訪問台北。')
    expect(mention(out, '英偉達')).toMatchObject({ type: 'ORG', id: 'org:nvidia', lang: 'zh-Hant' })
    expect(mention(out, '輝達')?.id).toBe('org:nvidia')
    expect(mention(out, '中國')).toMatchObject({ type: 'LOC', id: 'loc:china' })
    expect(mention(out, '黃仁勳')).toMatchObject({ type: 'PER', id: 'per:jensen-huang' })
    expect(mention(out, '台北')).toMatchObject({ type: 'LOC', id: 'loc:taipei' })
  })

  it('handles Simplified text the same way', async () => {
    const out = await annotate('字节跳动和百度在北京发布了新的大模型，英伟达的股价随之上涨。')
    expect(summary(out)).toEqual(
      expect.arrayContaining(['字节跳动 ORG org:bytedance', '百度 ORG org:baidu', '北京 LOC loc:beijing', '英伟达 ORG org:nvidia']),
    )
    expect(out.every((m) => m.lang === 'zh-Hans')).toBe(true)
  })

  it('reads a transliterated name joined by "·" as one person, linked to its original next to it', async () => {
    const out = await annotate('梅加·施裡瓦斯塔瓦Megha Shrivastava發表在最新一期的文章指出，美國對中國晶片企業的制裁進一步加劇。')
    const han = mention(out, '梅加·施裡瓦斯塔瓦')
    expect(han?.type).toBe('PER')
    expect(mention(out, 'Megha Shrivastava')).toMatchObject({ type: 'PER', id: han?.id })
  })

  it('finds a person after a title and by the column tag', async () => {
    const out = await annotate('【蘇和仲專欄】就連百度聯合創辦人李彥宏也稱這是「資源浪費」。')
    expect(mention(out, '蘇和仲')?.type).toBe('PER')
    expect(mention(out, '李彥宏')).toMatchObject({ type: 'PER', id: 'per:robin-li' })
    expect(mention(out, '百度')?.id).toBe('org:baidu')
  })

  it('keeps a country before 公司 as a place, not part of an organisation; 華 after 對 is China', async () => {
    const out = await annotate('許多中國公司都採用開源軟體，但美國對華科技制裁範圍仍在擴大。')
    expect(summary(out)).toEqual(['中國 LOC loc:china', '美國 LOC loc:united-states', '華 LOC loc:china'])
  })

  it('reads institutions named by place and suffix as one organisation', async () => {
    const out = await annotate('奧巴馬昨天在北卡羅來納大學發表演講。')
    expect(mention(out, '北卡羅來納大學')?.type).toBe('ORG')
    expect(mention(out, '奧巴馬')).toMatchObject({ type: 'PER', id: 'per:barack-obama' })
  })

  it('reads a name after a title even when the segmenter does not know it (Taiwanese news)', async () => {
    const out = await annotate('行政院長卓榮泰將出席在高雄舉行的論壇，經濟部長郭智輝指出出口成長。')
    expect(summary(out)).toEqual([
      '行政院 ORG org:executive-yuan',
      '卓榮泰 PER per:zhuo-rongtai',
      '高雄 LOC loc:kaohsiung',
      '郭智輝 PER per:guo-zhihui',
    ])
  })

  it('reads Taiwanese news conventions: CNA bylines, places after places, products with versions', async () => {
    const out = await annotate('中央社記者林家琪台北10日電：蘋果執行長庫克在加州庫比蒂諾總部宣布，新款iPhone 16將在威斯康辛州生產。')
    expect(mention(out, '林家琪')?.type).toBe('PER')
    expect(mention(out, '庫比蒂諾')?.type).toBe('LOC')
    expect(mention(out, 'iPhone 16')).toMatchObject({ type: 'PRODUCT', id: 'product:iphone-16' })
    expect(mention(out, '威斯康辛州')?.type).toBe('LOC')
    expect(mention(out, '庫克')?.id).toBe('per:tim-cook')
  })

  it('reads transliterated names with regnal numbers, and drops languages and peoples', async () => {
    const out = await annotate('圖特摩斯三世的軍隊進入敘利亞。斯拉夫人和西班牙語的歷史很長。')
    expect(mention(out, '圖特摩斯三世')?.type).toBe('PER')
    expect(mention(out, '敘利亞')?.id).toBe('loc:syria')
    expect(out.some((m) => m.text.includes('斯拉夫') || m.text === '西班牙')).toBe(false)
  })

  it('keeps a place suffix that the segmenter splits off, but not the start of another word', async () => {
    const out = await annotate('他搬到深圳市工作，覺得中國市場很大。')
    expect(mention(out, '深圳市')?.type).toBe('LOC')
    expect(mention(out, '中國')?.id).toBe('loc:china')
  })

  it('reads Latin names inside Chinese text, with the Chinese words around them as cues', async () => {
    const out = await annotate('Nvidia已向五家公司(Arm Holdings、Recursion Pharma 和 TuSimple)投資。Google雲端最近承諾投資。Pugh說這很重要。')
    expect(mention(out, 'Arm Holdings')?.id).toBe('org:arm-holdings')
    expect(mention(out, 'Google雲端')).toMatchObject({ type: 'ORG', id: 'org:google-cloud' })
    expect(mention(out, 'Pugh')?.type).toBe('PER')
    expect(mention(out, 'TuSimple')?.type).toBe('ORG')
  })
})
