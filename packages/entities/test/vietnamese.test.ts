import { describe, expect, it } from 'vitest'
import { annotate, mention, summary } from './helpers.js'

describe('Vietnamese names', () => {
  it('keeps sentence-initial names and drops sentence-initial ordinary words', async () => {
    const text = 'Trung Quốc đã phê duyệt hơn 200 mô hình. Các công ty như Baidu và Tencent đều ra mắt chatbot. Sora gây chú ý.'
    const out = await annotate(text)
    expect(summary(out)).toEqual(
      expect.arrayContaining(['Trung Quốc LOC loc:china', 'Baidu ORG org:baidu', 'Tencent ORG org:tencent', 'Sora PRODUCT product:sora']),
    )
    expect(mention(out, 'Các')).toBeUndefined()
  })

  it('does not take function words at the start of a sentence into the name (Tuy, Song, Mặc dù)', async () => {
    const text = 'Song, Trung Quốc vẫn phải đối mặt với nhiều thách thức. Mặc dù chip Huawei đủ tốt, họ vẫn mua chip Nvidia. Tuy Alibaba đã giảm giá, doanh thu vẫn tăng.'
    const out = await annotate(text)
    expect(out.map((m) => m.text)).toEqual(['Trung Quốc', 'Huawei', 'Nvidia', 'Alibaba'])
    expect(out.every((m) => m.lang === 'vi')).toBe(true)
  })

  it('reads organisation names that capitalise only their head, with the place inside', async () => {
    const text =
      'Vào ngày 22 tháng 6, Bộ Tài chính Hoa Kỳ đã ban hành một dự thảo quy định. Tại Trung Quốc, Cục Quản lý Không gian mạng Quốc gia yêu cầu các mô hình phải đăng ký. Bộ Khoa học và Công nghệ sẽ họp vào tuần sau.'
    const out = await annotate(text)
    expect(mention(out, 'Bộ Tài chính Hoa Kỳ')).toMatchObject({ type: 'ORG', id: 'org:us-department-of-the-treasury' })
    expect(mention(out, 'Cục Quản lý Không gian mạng Quốc gia')).toMatchObject({ type: 'ORG', id: 'org:cyberspace-administration-of-china' })
    expect(mention(out, 'Bộ Khoa học và Công nghệ')).toMatchObject({ type: 'ORG' })
    expect(mention(out, 'Hoa Kỳ')).toBeUndefined()
  })

  it('does not read an ordinary noun phrase after a head word as an organisation', async () => {
    const out = await annotate('Bộ dữ liệu chất lượng cao rất quan trọng đối với các mô hình AI.')
    expect(out).toEqual([])
  })

  it('keeps honorifics and titles outside the span and types the name as a person', async () => {
    const text = 'Theo nhà phân tích Ray Wang, dưới thời Chủ tịch Tập Cận Bình, Trung Quốc đã ưu tiên AI. Tổng Bí thư Tô Lâm dâng hương. Ông Chan cho biết thêm.'
    const out = await annotate(text)
    expect(mention(out, 'Ray Wang')).toMatchObject({ type: 'PER', id: 'per:ray-wang' })
    expect(mention(out, 'Tập Cận Bình')).toMatchObject({ type: 'PER', id: 'per:xi-jinping' })
    expect(mention(out, 'Tô Lâm')).toMatchObject({ type: 'PER' })
    expect(mention(out, 'Chan')).toMatchObject({ type: 'PER', id: 'per:chan' })
    expect(out.some((m) => /Chủ tịch|Tổng|Ông/.test(m.text))).toBe(false)
  })

  it('does not take a Roman numeral for a name (quý III, Thế chiến II)', async () => {
    const out = await annotate('Công ty cổ phần FPT công bố lợi nhuận quý III tăng 20%, cao nhất kể từ sau Thế chiến II.')
    expect(out.map((m) => m.text)).toContain('FPT')
    expect(out.map((m) => m.text)).not.toContain('III')
    expect(out.map((m) => m.text)).not.toContain('II')
  })

  it('does not annotate generic acronyms and terms (AI, API, GPU, CEO, LLM, Token)', async () => {
    const text = 'Sam Altman, CEO OpenAI, cho biết API của hãng dùng GPU và LLM. Gói quà tặng Token không có giới hạn.'
    const out = await annotate(text)
    expect(out.map((m) => m.text)).toEqual(['Sam Altman', 'OpenAI'])
    expect(mention(out, 'Sam Altman')?.id).toBe('per:sam-altman')
  })

  it('types unknown names from context cues', async () => {
    const text =
      'Công ty khởi nghiệp Zentrix vừa gọi vốn. Ông Lưu Quang Minh làm việc tại Kontum. Hãng ra mắt công cụ Veldora, một công cụ tạo video.'
    const out = await annotate(text)
    expect(mention(out, 'Zentrix')?.type).toBe('ORG')
    expect(mention(out, 'Lưu Quang Minh')?.type).toBe('PER')
    expect(mention(out, 'Kontum')?.type).toBe('LOC')
    expect(mention(out, 'Veldora')?.type).toBe('PRODUCT')
  })

  it('links a surname-only mention to the full name given earlier in the document', async () => {
    const text = 'Lu Yanxia, Giám đốc nghiên cứu của IDC Trung Quốc, cho biết các hãng sẽ tham gia. Theo ông Lu, dữ liệu là thách thức lớn.'
    const out = await annotate(text)
    expect(mention(out, 'Lu Yanxia')).toMatchObject({ type: 'PER', id: 'per:lu-yanxia' })
    expect(mention(out, 'Lu')).toMatchObject({ type: 'PER', id: 'per:lu-yanxia' })
    expect(mention(out, 'IDC Trung Quốc')).toMatchObject({ type: 'ORG', id: 'org:idc-china' })
  })

  it('gives a bracketed acronym the id of the name before it', async () => {
    const out = await annotate('Wang Shuyi, giáo sư tại Đại học Sư phạm Thiên Tân (TJNU), nhận xét về Sora.')
    const org = mention(out, 'Đại học Sư phạm Thiên Tân')
    expect(org).toMatchObject({ type: 'ORG', id: 'org:tianjin-normal-university' })
    expect(mention(out, 'TJNU')?.id).toBe(org?.id)
  })

  it('reads "Trung" as China only where it is the short form, never "tiếng Trung"', async () => {
    const out = await annotate('Căng thẳng thương mại Mỹ - Trung leo thang. Các mô hình hỗ trợ tiếng Trung tốt hơn.')
    expect(summary(out)).toEqual(['Mỹ LOC loc:united-states', 'Trung LOC loc:china'])
  })

  it('reads a byline name as a person and keeps the date', async () => {
    const out = await annotate('Sơn Vân 28/12/2024 13:12')
    expect(out.map((m) => `${m.text} ${m.type}`)).toEqual(['Sơn Vân PER', '28/12/2024 DATE'])
  })

  it('keeps the name of a minister out of the ministry, and Vietnamese persons keep a Latin slug id', async () => {
    const out = await annotate('Bộ trưởng Bộ Công Thương Nguyễn Hồng Diên cho biết ông Trần Văn Nam sẽ tham dự.')
    expect(summary(out)).toEqual([
      'Bộ Công Thương ORG org:vietnam-ministry-of-industry-and-trade',
      'Nguyễn Hồng Diên PER per:nguyen-hong-dien',
      'Trần Văn Nam PER per:tran-van-nam',
    ])
    expect(mention(await annotate('Minister Nguyen Hong Dien said exports rose.'), 'Nguyen Hong Dien')?.id).toBe('per:nguyen-hong-dien')
  })

  it('reads lower-case words inside an organisation name and its bracketed acronym', async () => {
    const out = await annotate('Theo Hiệp hội Kinh doanh vàng Việt Nam (VGTA), giá vàng tăng. Chủ tịch UBND TP.HCM Phan Văn Mãi yêu cầu các sở vào cuộc.')
    const org = mention(out, 'Hiệp hội Kinh doanh vàng Việt Nam')
    expect(org?.type).toBe('ORG')
    expect(mention(out, 'VGTA')?.id).toBe(org?.id)
    expect(mention(out, 'UBND TP.HCM')?.type).toBe('ORG')
    expect(mention(out, 'Phan Văn Mãi')?.type).toBe('PER')
  })

  it('reads a KB name right after a title on its own, and a brand + word product as one name', async () => {
    const out = await annotate('Tại hội nghị, CEO Nvidia Jensen Huang giới thiệu chip Blackwell. Apple đưa Apple Intelligence tới người dùng iPhone.')
    expect(summary(out)).toEqual([
      'Nvidia ORG org:nvidia',
      'Jensen Huang PER per:jensen-huang',
      'Blackwell PRODUCT product:blackwell',
      'Apple ORG org:apple',
      'Apple Intelligence PRODUCT product:apple-intelligence',
      'iPhone PRODUCT product:iphone',
    ])
  })

  it('gives names in one list the type of their typed neighbour', async () => {
    const out = await annotate('Samsung hiện là nhà đầu tư lớn nhất tại Bắc Ninh và Thái Nguyên.')
    expect(mention(out, 'Thái Nguyên')?.type).toBe('LOC')
  })

  it('does not read capitalised cue phrases or law names as names', async () => {
    const out = await annotate('Ông Jensen Huang, nhà sáng lập kiêm CEO Tập đoàn Nvidia, thăm Hà Nội. Quốc hội sửa Luật Đầu tư năm nay.')
    expect(out.map((m) => m.text)).toEqual(['Jensen Huang', 'Nvidia', 'Hà Nội'])
  })

  it('does not annotate idioms named after people', async () => {
    const out = await annotate('Một khi chiếc hộp Pandora được mở ra, lệnh cấm như thanh kiếm Damocles treo trên đầu ngành AI.')
    expect(out).toEqual([])
  })
})
