import { describe, expect, it } from 'vitest'
import { annotate, mention } from './helpers.js'

const values = async (text: string) => (await annotate(text)).filter((m) => m.value !== undefined).map((m) => `${m.text}|${m.type}|${m.id}|${m.value}`)

describe('dates, money and percentages', () => {
  it('reads Vietnamese dates and keeps a missing year missing', async () => {
    expect(await values('OpenAI thông báo vào sáng sớm ngày 25/6 rằng họ sẽ chặn API từ ngày 9/7, trang tin Yicai đưa tin hôm 23/2.')).toEqual([
      'ngày 25/6|DATE|date:--06-25|--06-25',
      'ngày 9/7|DATE|date:--07-09|--07-09',
      'hôm 23/2|DATE|date:--02-23|--02-23',
    ])
    expect(await values('Vào ngày 22 tháng 6, Sơn Vân viết bài ngày 28/12/2024 về tháng 10/2023 và năm 2024.')).toEqual([
      'ngày 22 tháng 6|DATE|date:--06-22|--06-22',
      'ngày 28/12/2024|DATE|date:2024-12-28|2024-12-28',
      'tháng 10/2023|DATE|date:2023-10|2023-10',
      'năm 2024|DATE|date:2024|2024',
    ])
  })

  it('leaves relative expressions out and keeps modifiers outside the span', async () => {
    expect(await values('Tháng 11 năm ngoái, doanh thu tăng; cuối năm 2022 và tháng 4 năm nay cũng vậy, kể cả 7 ngày qua.')).toEqual([
      'Tháng 11|DATE|date:--11|--11',
      'năm 2022|DATE|date:2022|2022',
      'tháng 4|DATE|date:--04|--04',
    ])
  })

  it('reads Chinese dates, Chinese numerals and vague amounts', async () => {
    expect(await values('儘管美國於2023年10月發布了修改後的禁令，谷歌承諾向該公司投資數十億美元，三月五日公布。')).toEqual([
      '2023年10月|DATE|date:2023-10|2023-10',
      '數十億美元|MONEY|money:billions-USD|billions USD',
      '三月五日|DATE|date:--03-05|--03-05',
    ])
    expect(await values('該公司營收增長了百分之四十多，投資四十多億美元。')).toEqual([
      '百分之四十多|PERCENT|percent:40|40',
      '四十多億美元|MONEY|money:4000000000-USD|4000000000 USD',
    ])
  })

  it('reads money and percentages in Vietnamese and Chinese', async () => {
    expect(await values('ByteDance đã chi 11 tỷ USD vào năm ngoái; thị phần đạt 25% và 2,5% ở mảng khác.')).toEqual([
      '11 tỷ USD|MONEY|money:11000000000-USD|11000000000 USD',
      '25%|PERCENT|percent:25|25',
      '2,5%|PERCENT|percent:2.5|2.5',
    ])
    expect(await values('阿里巴巴的雲端運算部門將費用削減了 97%。')).toEqual(['97%|PERCENT|percent:97|97'])
    expect(await values('今年前三季出口金額達新台幣1.2兆元。')).toEqual(['新台幣1.2兆元|MONEY|money:1200000000000-TWD|1200000000000 TWD'])
  })

  it('reads English dates, money and percentages with wink-nlp and patterns', async () => {
    const out = await annotate('On June 25, 2024, Nvidia said revenue rose 12.5% to $30 billion; in October 2023 the rules changed.')
    expect(mention(out, 'June 25, 2024')).toMatchObject({ type: 'DATE', value: '2024-06-25', lang: 'en' })
    expect(mention(out, '12.5%')).toMatchObject({ type: 'PERCENT', id: 'percent:12.5' })
    expect(mention(out, '$30 billion')).toMatchObject({ type: 'MONEY', id: 'money:30000000000-USD' })
    expect(mention(out, 'October 2023')).toMatchObject({ type: 'DATE', id: 'date:2023-10' })
    expect(mention(out, 'Nvidia')?.id).toBe('org:nvidia')
  })
})
