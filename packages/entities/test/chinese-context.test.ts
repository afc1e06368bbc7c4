import { describe, expect, it } from 'vitest'
import { annotate, mention, summary } from './helpers.js'

// Sentences written for these tests (news style, Traditional characters).
describe('Chinese names: context rules (issue 4)', () => {
  it('drops a country that forms a nationality or a language word, keeps it before other words', async () => {
    const text = '許多美國人認為中國人口老化將影響美國經濟。他會說西班牙語，也研究歐洲語言的歷史。'
    const out = await annotate(text)
    expect(summary(out)).toEqual(['中國 LOC loc:china', '美國 LOC loc:united-states', '歐洲 LOC loc:europe'])
    expect(mention(out, '美國')?.start).toBe(text.indexOf('美國經濟'))
  })

  it('does not read transliterated loanwords as people', async () => {
    const out = await annotate('他週末喜歡打高爾夫，記者把麥克風遞給了庫克，庫克說這款巧克力很好吃。')
    expect(summary(out)).toEqual(['庫克 PER per:tim-cook', '庫克 PER per:tim-cook'])
  })

  it('does not read generic institutions as organisation names, but keeps parties', async () => {
    const out = await annotate('市公安局表示，當天的音樂會因安全理由取消，共和黨議員表示遺憾。')
    expect(summary(out)).toEqual(['共和黨 ORG org:republican-party'])
  })

  it('keeps ministries, academies and funds the dictionary knows as organisations', async () => {
    const out = await annotate('交通部與中央研究院合作研究，國際貨幣基金也派員參與。')
    expect(summary(out).map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['交通部 ORG', '中央研究院 ORG', '國際貨幣基金 ORG'])
  })

  it('types an unknown transliterated name as a place from the words around it', async () => {
    const out = await annotate('這位球員出生於紐卡斯爾附近，後來搬到克拉斯諾達爾，又前往薩格勒布定居。總部位於圖盧茲的工廠在奧胡斯以北。')
    for (const place of ['紐卡斯爾', '克拉斯諾達爾', '薩格勒布', '圖盧茲', '奧胡斯']) expect(mention(out, place)?.type, place).toBe('LOC')
  })
})

describe('Chinese names: spans (issue 4)', () => {
  it('reads the name before an original in brackets, but not an ordinary term before a translation', async () => {
    const out = await annotate('我們請教了設計師凱莉（Kelly）與攝影師陳可欣（Hannah Chan）。他研究人工智慧（Artificial Intelligence）多年。')
    expect(mention(out, '凱莉')?.type).toBe('PER')
    expect(mention(out, '陳可欣')?.type).toBe('PER')
    expect(mention(out, '陳可欣')?.id).toBe(mention(out, 'Hannah Chan')?.id)
    expect(out.some((m) => m.text.includes('人工智慧'))).toBe(false)
  })

  it('reads a building or a facility named after a place or a person as one place', async () => {
    const out = await annotate('他在布魯克林大橋上拍照，隨後前往台北車站。')
    expect(summary(out).map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['布魯克林大橋 LOC', '台北車站 LOC'])
  })

  it("reads a country before a party or an institution as that country's organisation", async () => {
    const out = await annotate('英國工黨與美國民主黨的代表會面。')
    expect(mention(out, '美國民主黨')).toMatchObject({ type: 'ORG', id: 'org:democratic-party' })
    expect(mention(out, '英國工黨')?.type).toBe('ORG')
    expect(out).toHaveLength(2)
  })

  it('reads a transliterated name with a place suffix as a place, and a loanword after a surname as no name', async () => {
    const out = await annotate('登山者穿越喀斯喀特山脈。高爾夫是他唯一的愛好。')
    expect(summary(out).map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['喀斯喀特山脈 LOC'])
  })
})

describe('Chinese names: people (issue 4)', () => {
  it('reads a name before a military title as a person, not an organisation', async () => {
    const out = await annotate('記者會上，麥卡錫將軍回答了提問。')
    expect(summary(out).map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['麥卡錫 PER'])
  })

  it('reads monarchs with regnal numbers, also when the segmenter glues the number to the name', async () => {
    const out = await annotate('卡西米爾一世即位後，亞歷山大一世的軍隊撤退了。')
    expect(summary(out).map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['卡西米爾一世 PER', '亞歷山大一世 PER'])
  })

  it('joins a split given name to a known surname, and keeps the KB id only when the given name fits', async () => {
    const out = await annotate('晚宴上，梅拉尼亞特朗普與丈夫一同出席，唐納德·特朗普隨後發言。')
    expect(mention(out, '梅拉尼亞特朗普')?.type).toBe('PER')
    expect(mention(out, '梅拉尼亞特朗普')?.id).not.toBe('per:donald-trump')
    expect(mention(out, '唐納德·特朗普')?.id).toBe('per:donald-trump')
  })
})

describe('Chinese names: people after titles (issue 4)', () => {
  it('reads names after titles and occupations, also when the segmenter splits or does not know them', async () => {
    const out = await annotate('日本首相岸田文雄與韓國總統尹錫悅舉行會談。北約秘書長斯托爾滕貝格和德國總理朔爾茨出席，作家莫言也到場。')
    for (const name of ['岸田文雄', '尹錫悅', '斯托爾滕貝格', '朔爾茨', '莫言']) expect(mention(out, name)?.type, name).toBe('PER')
    expect(mention(out, '韓國')?.type).toBe('LOC')
  })

  it('joins a one-character surname to a two-character given name', async () => {
    const out = await annotate('據新華社報導，王小明和陳美玲在會上發言。')
    expect(summary(out).map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['新華社 ORG', '王小明 PER', '陳美玲 PER'])
  })
})

describe('Chinese names: Taiwanese news (issue 4)', () => {
  it('reads a surname that starts like a country after a title, and a title glued to the name', async () => {
    const out = await annotate('立法院長韓國瑜今天表示，台中市長盧秀燕也出席了在韓國舉行的論壇。')
    expect(mention(out, '韓國瑜')?.type).toBe('PER')
    expect(mention(out, '盧秀燕')?.type).toBe('PER')
    expect(mention(out, '韓國')).toMatchObject({ type: 'LOC', id: 'loc:south-korea' })
  })

  it('reads counties, abbreviated ministries and places that contain a company name', async () => {
    const out = await annotate('衛福部官員前往花蓮縣了解災情，遊客仍可上阿里山。')
    expect(summary(out).map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['衛福部 ORG', '花蓮縣 LOC', '阿里山 LOC'])
  })
})

describe('Chinese names: knowledge-base names inside longer words (issue 4)', () => {
  it('prefers a longer place word over a known place at its start, but not over an ordinary word after it', async () => {
    const out = await annotate('總統飛抵巴西利亞，隨後前往約旦河西岸，美國進口商表示關注。')
    expect(summary(out).map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['巴西利亞 LOC', '約旦河西岸 LOC', '美國 LOC'])
    expect(mention(out, '美國')?.id).toBe('loc:united-states')
  })

  it('types transliterated names after a state as places, before 超市 as companies, after a title as people', async () => {
    const out = await annotate('位於加州帕洛阿爾托的沃爾瑪超市開幕，歐洲央行行長拉加德出席。')
    expect(mention(out, '帕洛阿爾托')?.type).toBe('LOC')
    expect(mention(out, '沃爾瑪')?.type).toBe('ORG')
    expect(mention(out, '拉加德')?.type).toBe('PER')
  })
})

describe('Chinese names: organisations and landmarks (issue 4)', () => {
  it('reads transliterated names before company and club suffixes, and councils of known organisations', async () => {
    const out = await annotate('埃克森美孚公司的發言人說，切爾西足球俱樂部和聯合國安理會都發表了聲明，但英國情報機構沒有回應。')
    expect(summary(out).map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['埃克森美孚公司 ORG', '切爾西足球俱樂部 ORG', '聯合國安理會 ORG', '英國 LOC'])
  })

  it('reads palaces and streets as places, not people', async () => {
    const out = await annotate('克里姆林宮和唐寧街都拒絕評論。')
    expect(summary(out).map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['克里姆林宮 LOC', '唐寧街 LOC'])
  })
})

describe('Chinese names: unknown names without titles (issue 4)', () => {
  it('reads an unknown three-character name with a surname before a verb of speech or a time word', async () => {
    const out = await annotate('張偉強說，這項政策將影響數百萬人。昨天，林志明在記者會上宣布辭職，高管們也收到通知。斯諾登透露了監控計劃。')
    expect(summary(out).map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['張偉強 PER', '林志明 PER', '斯諾登 PER'])
  })
})

describe('Chinese names: peoples and languages (issue 4)', () => {
  it('does not read tribes, dialects, citizenship or words of a language as places', async () => {
    const out = await annotate('多個日耳曼部落遷入羅馬，薩米方言的研究者取得了挪威國籍，這個西班牙詞來自拉丁語。')
    expect(summary(out).map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['羅馬 LOC'])
  })
})

describe('Chinese names: place prefixes and suffixes (issue 4)', () => {
  it('keeps "Greater" before a place and 國 after a transliterated state in the name', async () => {
    const out = await annotate('大多倫多地區的房價上漲，歷史上的大摩拉維亞國曾經強盛。')
    expect(summary(out).map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['大多倫多地區 LOC', '大摩拉維亞國 LOC'])
  })
})

describe('Chinese names: segmenter repairs (issue 4)', () => {
  it('reads rivers the dictionary does not know, and a first syllable it splits off', async () => {
    const out = await annotate('阿爾卑斯山的雪水流入羅訥河、茵河和提契諾河。')
    expect(summary(out).map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['阿爾卑斯山 LOC', '羅訥河 LOC', '茵河 LOC', '提契諾河 LOC'])
  })

  it('splits a grammar character off an unknown syllable, and keeps -burg in the name', async () => {
    const out = await annotate('他們認為丹內維爾克是安全的，後來撤往弗倫斯堡。')
    expect(summary(out).map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['丹內維爾克 LOC', '弗倫斯堡 LOC'])
  })

  it('reads a name before a bracketed original as a place when its words are places', async () => {
    const out = await annotate('這片土地被稱作北高加索地區(North Caucasus)。牛頓和愛因斯坦都研究過引力。')
    expect(mention(out, '北高加索地區')?.type).toBe('LOC')
    expect(mention(out, '愛因斯坦')?.type).toBe('PER')
  })
})

describe('Chinese names: companies (issue 4)', () => {
  it('reads brands the dictionary does not know or tags as places before company suffixes, but not a known country', async () => {
    const out = await annotate('廣達電腦、富邦金控、國泰世華銀行和遠東集團都公布了財報，許多中國公司也一樣。')
    expect(summary(out).map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['廣達電腦 ORG', '富邦金控 ORG', '國泰世華銀行 ORG', '遠東集團 ORG', '中國 LOC'])
  })

  it('does not read grammar words glued by the segmenter as brands', async () => {
    const out = await annotate('這筆交易使該公司虧損嚴重，由三人理事會管理的基金沒有回應。')
    expect(out).toEqual([])
  })
})

describe('Chinese names: places in lists and landforms (issue 4)', () => {
  it('types a transliterated name in a list with a place as a place, with a glued county suffix', async () => {
    const out = await annotate('他們一家在俄亥俄和印第安納生活過，後來搬到康斯坦察和圖爾恰郡之間的小鎮。')
    for (const place of ['俄亥俄', '印第安納', '康斯坦察', '圖爾恰郡']) expect(mention(out, place)?.type, place).toBe('LOC')
  })

  it('reads a landform the dictionary tags as an organisation as a place', async () => {
    const out = await annotate('板塊運動形成了東非大裂谷。')
    expect(summary(out).map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['東非大裂谷 LOC'])
  })
})

describe("Chinese names: jieba's dictionary errors (issue 4)", () => {
  it('does not read things that the dictionary tags as names as people (安全門, 孔雀石), nor a glued preposition', async () => {
    const out = await annotate('每間房都會安裝安全門，孔雀石和藍銅礦來自山區。孤拔因病死於澎湖。')
    expect(summary(out).map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['澎湖 LOC'])
  })

  it('reads transliterated women’s names ending in -ia as people, and keeps -ia places', async () => {
    const out = await annotate('瑪麗亞說，她和索菲亞去年搬到了賓夕法尼亞。')
    expect(summary(out).map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['瑪麗亞 PER', '索菲亞 PER', '賓夕法尼亞 LOC'])
  })

  it('reads monarchs with a glued conjunction, battlefields and alphabets', async () => {
    const out = await annotate('學院為了紀念威廉三世和瑪麗二世而命名。戰役發生在哈林高地，士兵使用西里爾字母。')
    expect(summary(out).map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['威廉三世 PER', '瑪麗二世 PER', '哈林高地 LOC'])
  })
})

describe('Chinese names: sports (issue 4)', () => {
  it('reads football leagues by abbreviation and clubs after 效力於, and no team in "a Bundesliga team"', async () => {
    const out = await annotate('他目前效力於德甲球隊美因茨，姚夏則入選了四川隊。')
    expect(summary(out).map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['德甲 ORG', '美因茨 ORG', '四川隊 ORG'])
  })
})

describe('Chinese names: name separators (issue 4)', () => {
  it('joins names written with a full-width full stop, and the word before the dot', async () => {
    const out = await annotate('一天早晨，格里高爾．薩姆沙從不安的睡夢中醒來。不過，伊凡．伊里奇的生活還是過得去，價格是3．5元。')
    expect(summary(out).map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['格里高爾．薩姆沙 PER', '伊凡．伊里奇 PER'])
  })
})

describe("Chinese names: ordinary words that jieba's dictionary tags as places (issue 4)", () => {
  it('does not read scenery words as places', async () => {
    const out = await annotate('傍晚的夕陽映照著山林和海灘，嘉賓們紛紛拍照，遠處是一座古老的城堡。')
    expect(out).toEqual([])
  })
})

describe("Chinese names: jieba's name tags on ordinary words (issue 4)", () => {
  it('does not read verbs after titles, compounds or non-transliterations as names', async () => {
    const out = await annotate('只要我們律師盡到最大的努力，就能發展利生益世的事業，不能永遠以馬上治之。王小明說。')
    expect(summary(out).map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['王小明 PER'])
  })
})

describe('Chinese names: given names and languages split by the segmenter (issue 4)', () => {
  it('joins every transliterated syllable before a name dot to a known surname', async () => {
    const out = await annotate('2009年，貝拉克·奧巴馬正式發出邀請。')
    expect(mention(out, '貝拉克·奧巴馬')).toMatchObject({ type: 'PER', id: 'per:barack-obama' })
  })

  it('drops a language name glued to the next word, but keeps a place before 語言', async () => {
    const out = await annotate('當地人說巴斯克語、阿伊努語等，歐洲語言的研究者很感興趣。')
    expect(summary(out).map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['歐洲 LOC'])
  })
})

describe('Chinese names: originals in brackets (issue 4)', () => {
  it('drops the original of an ordinary term, keeps originals of names and acronyms', async () => {
    const out = await annotate('古代的廣場（Forum）是公共生活的中心。輝達（Nvidia）的股價上漲，國民保健署（NHS）發出警告，設計師凱莉（Kelly）表示同意。')
    const texts = out.map((m) => m.text)
    expect(texts).not.toContain('Forum')
    expect(mention(out, 'Nvidia')?.id).toBe('org:nvidia')
    expect(mention(out, 'NHS')?.type).toBe('ORG')
    expect(mention(out, 'Kelly')?.id).toBe(mention(out, '凱莉')?.id)
  })
})

describe('Chinese names: Latin names in Chinese text (issue 4)', () => {
  it('types a Latin name before a facility word as a place', async () => {
    const out = await annotate('他在Harefield和Whittington醫院住了兩週，後來去了Panama運河。')
    for (const place of ['Harefield', 'Whittington', 'Panama']) expect(mention(out, place)?.type, place).toBe('LOC')
  })
})

describe('Chinese names: languages and styles (issue 4)', () => {
  it('drops a country in a language or style word, keeps it before 文化', async () => {
    const text = '她會說印尼文，也喜歡中國式的庭院和中國文化。'
    const out = await annotate(text)
    expect(summary(out)).toEqual(['中國 LOC loc:china'])
    expect(mention(out, '中國')?.start).toBe(text.indexOf('中國文化'))
  })
})

describe('Chinese names: national teams (issue 4)', () => {
  it('reads a national team and a country beaten in a match as organisations', async () => {
    const out = await annotate('中國隊在決賽中擊敗日本，奪得冠軍，日本的球迷很失望。')
    expect(summary(out).map((s) => s.split(' ').slice(0, 2).join(' '))).toEqual(['中國隊 ORG', '日本 ORG', '日本 LOC'])
  })
})
