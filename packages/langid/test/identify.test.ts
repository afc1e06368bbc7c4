import { readFileSync } from 'node:fs'
import { isCorpusError } from '@corpus/core'
import { identify, identifySpans } from '@corpus/langid'
import { describe, expect, test } from 'vitest'

// Paired sentences: Universal Dependencies UD_Chinese-GSD / GSDSimp test set (CC BY-SA 4.0),
// copied from ../shared/data/langid/ud-zh-script.dev.jsonl. Cantonese: UD_Cantonese-HK (CC BY-SA 4.0).
const PAIRS: readonly (readonly [string, string])[] = [
  ['臺大醫學人文博物館是一棟兩層樓的建築，沿中山南路與仁愛路成L型。', '台大医学人文博物馆是一栋两层楼的建筑，沿中山南路与仁爱路成L型。'],
  ['自從2004年提出了興建人文大樓的構想，企業界陸續有人提供捐款。', '自从2004年提出了兴建人文大楼的构想，企业界陆续有人提供捐款。'],
  ['此法既能解決運費高昂的問題，又可調節物價。', '此法既能解决运费高昂的问题，又可调节物价。'],
  ['總括而言，整場戰役的總傷亡人數大約為八萬人。', '总括而言，整场战役的总伤亡人数大约为八万人。'],
]

describe('identify: scripts', () => {
  test.each(PAIRS)('Traditional %s vs its Simplified twin', (hant, hans) => {
    expect(identify(hant).lang).toBe('zh-Hant')
    expect(identify(hans).lang).toBe('zh-Hans')
  })

  test('Chinese without a character that exists in only one script is plain zh', () => {
    // 中国人 / 中國人 differ; 日本和美国 do not exist in two forms... this line has no such character.
    const result = identify('日本人在東京工作')
    expect(['zh', 'zh-Hant']).toContain(result.lang)
    expect(identify('中文').lang).toBe('zh')
  })

  test('written Cantonese is yue, not Mandarin', () => {
    expect(identify('你哋成日都唔幫我錄㗎啦。').lang).toBe('yue')
    expect(identify('佢話佢聽日唔嚟喇，你搵第二個啦。').lang).toBe('yue')
    // Mandarin with 關係 (the 係 of "relation") stays Chinese.
    expect(identify('兩國之間的關係在過去幾年中不斷改善。').lang).toBe('zh-Hant')
  })

  test('Japanese kana and Korean hangul are never Chinese', () => {
    expect(identify('東京都は日本の首都であり、世界最大の都市圏の一つです。').lang).toBe('ja')
    // Kanji only, no kana: Japanese-only character forms (挙 経 済; Chinese 舉/举 經/经 濟/济).
    expect(identify('東京都知事選挙').lang).toBe('ja')
    expect(identify('日本経済新聞').lang).toBe('ja')
    expect(identify('大韓民國 헌법은 1948년에 제정되었습니다.').lang).toBe('ko')
    expect(identify('서울은 대한민국의 수도이다.').lang).toBe('ko')
  })

  test('Thai and other single-language scripts are labelled by script', () => {
    expect(identify('กรุงเทพมหานครเป็นเมืองหลวงของประเทศไทย').lang).toBe('th')
    expect(identify('Η Αθήνα είναι η πρωτεύουσα της Ελλάδας.').lang).toBe('el')
  })

  test('Cyrillic goes to franc and comes back as ISO 639-1', () => {
    expect(identify('Москва является столицей Российской Федерации и крупнейшим городом страны.').lang).toBe('ru')
  })
})

describe('identify: Latin text', () => {
  test('Vietnamese with and without diacritics', () => {
    const marked = identify('Trung Quốc cấm OpenAI hoạt động trong nước')
    const bare = identify('Trung Quoc cam OpenAI hoat dong trong nuoc')
    expect(marked.lang).toBe('vi')
    expect(bare.lang).toBe('vi')
    expect(identify('Trung Quoc cam OpenAI').lang).toBe('vi')
    // Without diacritics the evidence is weaker: lower confidence.
    expect(bare.confidence).toBeLessThan(marked.confidence)
    expect(bare.confidence).toBeGreaterThan(0)
  })

  test('languages the n-gram model lacks come back from franc with their own code', () => {
    expect(identify('Serikali imewasilisha muswada mpya wa sheria kuhusu kodi kwa biashara ndogo siku ya Jumatatu.').lang).toBe('sw')
    expect(identify('Pamaréntah ngumumaké rancangan undang-undang anyar babagan pajak kanggo usaha cilik.').lang).toBe('jv')
  })

  test('English names inside short Vietnamese text do not make it English', () => {
    for (const text of ['Theo The New York Times', 'the New York Times cho biết', 'Apple Inc. và Microsoft Corp.', 'năm 2024, Apple Intelligence']) {
      expect(identify(text).lang, text).toBe('vi')
    }
    expect(identify('the New York Times cho biết').spans).toEqual([])
  })

  test('English', () => {
    expect(identify('The company said on Monday that it would cut prices.').lang).toBe('en')
    expect(identify('POWERED BY ONECMS - A PRODUCT OF NEKO').lang).toBe('en')
  })

  test.each([
    ['id', 'Pemerintah Indonesia akan membangun jalan tol baru di Pulau Sumatra tahun depan.'],
    ['tl', 'Ang mga bata ay naglalaro sa labas ng bahay habang umuulan.'],
    ['fr', 'Le gouvernement a annoncé de nouvelles mesures pour soutenir les entreprises.'],
    ['de', 'Die Regierung hat am Montag neue Maßnahmen für die Wirtschaft angekündigt.'],
    ['pt', 'O governo anunciou novas medidas para apoiar as empresas do país.'],
    ['es', 'El gobierno anunció nuevas medidas para apoyar a las empresas del país.'],
    ['yo', 'Ìjọba àpapọ̀ ti kéde pé àwọn ilé-ìwé yóò ṣí padà ní ọ̀sẹ̀ tó ń bọ̀.'],
    ['it', 'Il governo ha approvato una nuova legge sulla protezione dei dati personali.'],
    ['nl', 'De regering heeft vandaag nieuwe maatregelen aangekondigd om de economie te steunen.'],
    ['pl', 'Rząd przedstawił w poniedziałek nowy projekt ustawy o podatkach dla małych firm.'],
    ['tr', 'Hükümet pazartesi günü küçük işletmeler için yeni bir vergi teklifi sundu.'],
    ['af', 'Die regering het Maandag ’n nuwe wetsontwerp oor belasting vir klein sakeondernemings voorgelê.'],
    // Languages outside the n-gram model: franc's long tail.
    ['sw', 'Serikali imewasilisha muswada mpya wa sheria kuhusu kodi kwa biashara ndogo siku ya Jumatatu.'],
    ['jv', 'Pamaréntah ngumumaké rancangan undang-undang anyar babagan pajak kanggo usaha cilik.'],
    ['ha', 'Gwamnati ta gabatar da sabon kudirin doka game da haraji ga ƙananan kasuwanci ranar Litinin.'],
    // Neither the n-gram model nor franc knows Latin or Welsh: still not English.
    ['la', 'Gallia est omnis divisa in partes tres, quarum unam incolunt Belgae, aliam Aquitani.'],
    ['cy', 'Mae’r llywodraeth wedi cyhoeddi cynllun newydd i adeiladu ysgolion.'],
  ])('%s is never called vi, zh or en', (_lang, text) => {
    expect(['vi', 'en', 'zh', 'zh-Hant', 'zh-Hans']).not.toContain(identify(text).lang)
  })

  test('file names, digits and punctuation are und', () => {
    for (const text of ['1719589951308.png', 'w9xz2qt5-833.png', '28/12/2024 13:12', '— … —', '\u00a0', '', 'trung-quoc-but-pha-nhanh-o-cuoc-dua-ai.jpg']) {
      const result = identify(text)
      expect(result.lang, text).toBe('und')
      expect(result.shares).toEqual({})
      expect(result.confidence).toBeGreaterThanOrEqual(0)
      expect(result.confidence).toBeLessThanOrEqual(1)
    }
    // Letters that fit no language's n-grams.
    expect(identify('fbytzltw').lang).toBe('und')
  })
})

describe('spans', () => {
  test('Latin brand names inside Chinese are not switches', () => {
    const text = '美國圖形處理單元 (GPU) 製造商 Nvidia 已向五家大型人工智慧公司提供晶片，OpenAI 也在其中。'
    const result = identify(text)
    expect(result.lang).toBe('zh-Hant')
    expect(result.spans).toEqual([])
    expect(result.mixed).toBe(false)
    // With a one-word threshold the brand name becomes a run of its own.
    const strict = identifySpans(text, { minSwitchWords: 1 })
    expect(strict.map((s) => text.slice(s.start, s.end))).toContain('Nvidia')
  })

  test('Latin names in a Chinese sentence do not make it Latin, however many letters they have', () => {
    // Universal NER zh_pud (CC BY-SA 3.0), from ../shared/data/ner/uner-zh-pud.jsonl.
    const text = 'Goffredo Petrassi的兩個學生、Ennio Morricone以及Bruno Nicolai在聖塞西莉亞音樂學校見面了。'
    const result = identify(text)
    expect(result.lang).toBe('zh-Hant')
    expect(result.spans).toEqual([])
  })

  test('the English title inside the Chinese seed article (004, line 5)', () => {
    const file = readFileSync(new URL('../../../corpus/004_ee66aee5bb630a0e.txt', import.meta.url), 'utf8').normalize('NFC')
    const line = file.split('\n')[4]!
    const result = identify(line)
    expect(result.lang).toBe('zh-Hant')
    const english = result.spans.filter((s) => s.lang === 'en').map((s) => line.slice(s.start, s.end))
    expect(english).toContain('The Generative AI Rush and China’s Fear of Missing Out')
    // Two-word names (Megha Shrivastava, The Geopolitics) stay inside the Chinese text.
    expect(english.some((s) => s.includes('Shrivastava'))).toBe(false)
  })

  test('an English quotation inside Vietnamese', () => {
    const text =
      'Phát biểu tại hội nghị ở Hà Nội, ông cho biết các doanh nghiệp Việt Nam đang chuẩn bị cho làn sóng mới, và nhấn mạnh: "We are ready to compete with anyone in the region" trước hàng trăm đại biểu.'
    const result = identify(text)
    expect(result.lang).toBe('vi')
    expect(result.spans).toHaveLength(1)
    const span = result.spans[0]!
    expect(span.lang).toBe('en')
    expect(text.slice(span.start, span.end)).toBe('We are ready to compete with anyone in the region')
  })

  test('the mixed flag follows the threshold option', () => {
    const text = 'Ông nói rằng các công ty công nghệ lớn của Việt Nam đang đầu tư mạnh vào trí tuệ nhân tạo. The market is growing quickly.'
    const loose = identify(text, { mixedThreshold: 0.2 })
    expect(loose.lang).toBe('vi')
    expect(loose.shares.en).toBeGreaterThan(0.2)
    expect(loose.shares.en).toBeLessThan(0.4)
    expect(loose.mixed).toBe(true)
    expect(identify(text, { mixedThreshold: 0.4 }).mixed).toBe(false)
    expect((loose.shares.vi ?? 0) + (loose.shares.en ?? 0)).toBeCloseTo(1, 3)
  })
})

describe('long paragraphs of the seed articles', () => {
  const seed = (name: string): string[] =>
    readFileSync(new URL(`../../../corpus/${name}`, import.meta.url), 'utf8')
      .normalize('NFC')
      .split('\n')
      .filter((line) => line.length > 250)

  test('a Vietnamese news paragraph is vi with confidence 1, names and acronyms inside it are not spans', () => {
    // 002, line with "Zhou Hongyi ... 360 Security Technology" and "(GPU) ... Nvidia".
    for (const line of [...seed('002_043d91b0fed916d0.txt'), ...seed('003_c93a3a839a127675.txt')]) {
      const result = identify(line)
      expect(result.lang, line).toBe('vi')
      expect(result.confidence).toBe(1)
      expect(result.spans).toEqual([])
      expect(result.shares).toEqual({ vi: 1 })
    }
  })

  test('an English sentence inside a long Vietnamese paragraph is still found', () => {
    const line = seed('003_c93a3a839a127675.txt')[0]!
    const quote = 'The company said the new model would be released to developers next month.'
    const text = `${line} ${quote} ${line}`
    const result = identify(text)
    expect(result.lang).toBe('vi')
    expect(result.spans.map((s) => [s.lang, text.slice(s.start, s.end)])).toEqual([['en', quote.slice(0, -1)]])
  })

  test('a brand name inside Chinese or Vietnamese changes neither label nor confidence', () => {
    const chinese = seed('004_ee66aee5bb630a0e.txt').map((line) => line.replace(/[A-Za-z]+/g, ''))
    for (const line of chinese) {
      const plain = identify(line)
      const cut = line.indexOf('，')
      const branded = identify(`${line.slice(0, cut)} Nvidia ${line.slice(cut)}`)
      expect(plain.lang).toBe('zh-Hant')
      expect([branded.lang, branded.confidence, branded.spans]).toEqual([plain.lang, plain.confidence, []])
    }
    // A short Vietnamese title (confidence below 1) with and without a foreign name in it.
    const title = 'Trung Quốc đẩy mạnh mô hình ngôn ngữ nguồn mở'
    const named = identify('Trung Quốc đẩy mạnh mô hình ngôn ngữ nguồn mở Qwen')
    expect(identify(title).confidence).toBeLessThan(1)
    expect([named.lang, named.confidence]).toEqual(['vi', identify(title).confidence])
  })

  test('words of a file name at the end of a long paragraph are not counted', () => {
    const line = seed('003_c93a3a839a127675.txt')[0]!
    const plain = identify(line)
    const withFile = identify(`${line} trung-quoc-but-pha-nhanh-o-cuoc-dua-ai.jpg`)
    expect(withFile).toEqual(plain)
  })
})

describe('confidence', () => {
  const growing = (text: string): number[] => {
    const words = text.split(' ')
    return words.map((_, i) => identify(words.slice(0, i + 1).join(' ')).confidence)
  }

  test.each([
    'Các doanh nghiệp công nghệ của Việt Nam đang đầu tư mạnh vào trí tuệ nhân tạo',
    'The government said the new rules would take effect next year',
  ])('more words of the same language never lower it: %s', (text) => {
    const values = growing(text)
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]!)
    expect(values.at(-1)).toBeGreaterThan(0.9)
  })

  test('more Chinese text never lowers it', () => {
    const text = '國際北極研究中心的主要夥伴是日本和美國，參與會務的還有來自加拿大、中國、丹麥、德國、日本、挪威、俄羅斯、英國和美國的代表。'
    let last = 0
    for (let n = 2; n <= text.length; n += 4) {
      const result = identify(text.slice(0, n))
      expect(result.confidence).toBeGreaterThanOrEqual(last)
      last = result.confidence
    }
  })

  test('bad options are a config error', () => {
    for (const options of [{ mixedThreshold: 1.5 }, { minSwitchWords: 0 }, { minLetters: 2.5 }]) {
      let error: unknown
      try {
        identify('hello world', options)
      } catch (e) {
        error = e
      }
      expect(isCorpusError(error) && error.code).toBe('E_CONFIG')
    }
  })
})
