/** Chinese names: jieba segmentation and POS tags, knowledge-base aliases, suffix patterns. */
import type { LatinContext, NameMention, NameType } from './latin.js'
import { HAN_RE, isHan } from './text.js'
import { GEO_COMMON, LOANWORDS, NATIONALITY_AFTER, PARTY_RE, PLACE_AFTER, PLACE_BEFORE } from './zh-lexicon.js'

interface Word {
  start: number
  end: number
  word: string
  /** POS tag, looked up on first use (see `tagOf`). */
  pos: string | undefined
}

/** Institutions named by place + suffix ("北京大學", "美國商務部"); the place is absorbed. */
const INSTITUTION_SUFFIX = /(?:大学|学院|银行|研究院|研究所|实验室|委员会|协会|基金会|交易所|法院|议会|国会|电视台|通讯社|新闻社|报|周刊|医院|中心|联盟|同盟|组织|军|队|党|部|局|署|办公室|理事会|科学院|修道院|唱片|足协|总会|工会|航空|学会|商会|联合会|安理会|俱乐部)$/
/** Company-like suffixes: a country alone before them is a modifier, not part of a name ("中國公司"). */
const COMPANY_SUFFIX = /(?:公司|集团|企业|控股|科技|技术|网络|电子|汽车|制药|半导体|资本|证券|传媒|影业|股份|电脑|金控|电信|光电|通讯|能源|地产|物流)$/
/** Last characters of the suffixes above, to skip the regular expressions for most words. */
const SUFFIX_LAST = new Set('学院行所室会台社报刊军队党部局署心盟织司团业股技术络子车药体券媒影份片协空构脑控信电讯源产流'.split(''))
const PROPER_TAGS = new Set(['nr', 'nrt', 'nrfg', 'ns', 'nt', 'nz', 'eng', 'j'])
/** Characters of the standard transliteration of foreign names (Simplified forms). */
const TRANSLIT = new Set(
  '阿埃艾爱安奥澳巴芭班邦理登堡贝本比彼毕宾波伯博布查达戴丹道德迪蒂丁东杜隆勃康多厄恩尔法凡菲费芬丰佛夫福弗盖甘冈戈哥格根古瓜哈海汉豪赫亨胡惠霍基吉加贾杰金卡凯坎康柯科克肯库夸拉莱兰朗劳勒雷蕾黎里丽利莉林琳卢鲁路伦罗洛马玛迈麦曼梅门蒙米密莫姆穆纳娜奈南内尼妮纽努诺欧帕潘佩彭皮普奇齐乔切琼丘瑞若萨塞桑瑟森沙莎绍舍施什斯松苏索塔泰汤特提廷图托瓦万威韦维温沃乌伍西希锡夏辛休雅亚扬耶伊因尤约扎詹泽兹佐祖鲍拜肖谢茨娅丝黛唐凯琪珀奎赖蒂鲍韩历杭舒摩闵伽迦腓撒岑琴嘉娃珊缇露敦顿策坦邓翰朵姬妲芙菈蒂茜薇尔儿'.split(''),
)
/** TRANSLIT by char code, for the per-character loops. */
const TRANSLIT_CODE = (() => {
  const table = new Uint8Array(0x10000)
  for (const ch of TRANSLIT) table[ch.charCodeAt(0)] = 1
  return table
})()
/** Words after "在 X" that make X a place (在 X 舉行, 在 X 北部). */
const LOCATIVE_AFTER = /^(?:上|中|里|内|外|附近|地区|北部|南部|东部|西部|举行|召开|出生|生活|工作|定居|，|。)/
/** Endings of transliterated place names (-ia, -burg, -ford, -stan, -land, -ville, -polis, islands, seas, palaces, streets). */
const PLACE_ENDING = /(?:堡|班|福德|郡|格勒|岛|波利斯|湾|河|湖|港|半岛|群岛|斯堡|宫|街|大道|广场|桥|寺|教堂|山|巴德)$/
/** Endings shared by places and people (-ia: 西伯利亞 and 瑪麗亞): a place only when jieba does not tag a person. */
const PLACE_ENDING_WEAK = /(?:亚|海|兰德|维尔|尔克)$/
/** Buildings and facilities: a name before them makes one place name (台北車站, 布什大樓). */
const FACILITY = new Set('大楼|大厦|机场|国际机场|车站|火车站|地铁站|码头|赛道|公园|国家公园|广场|大桥|教堂|大教堂|体育场|体育馆|球场|大街|大道|宫|城堡|铁路|运河|水坝|大坝|隧道'.split('|'))
/** Words after a place name that belong to it. */
const PLACE_SUFFIX = new Set('特别行政区|自治区|地区|市|州|省|县|区|岛|群岛|半岛|山|山脉|河|江|湖|海|湾|运河|三角洲|地峡|海域|公国|王国|国|镇|郡|乡|高地|大区'.split('|'))
/** Ordinary words that the segmenter's dictionary tags as place names. */
const NOT_PLACE_WORDS = new Set('共和国|城市|城镇|海洋|英雄|中断|保鲜|日益壮大|大城市|南北|东方|西方|世界|国家|全国|各地|当地|本地|外地|海外|国内|国外|天下|人间|乡村|农村|山区|郊区|市区|社区|地方|北方|南方|东部|西部|南部|北部|中部|山上|河边|海边|城里|村里|大陆架|公园|广场|机场|车站'.split('|'))

/** A title, a surname and a one- or two-character given name, then a verb or punctuation. */
const TITLE_NAME_RE = /(院长|部长|董事长|副总统|总统|主席|市长|县长|局长|署长|主委|立委|委员|发言人|执行长|总经理|教授|记者|议员|议长|总裁|创办人|创始人|院士|处长|司长|秘书长|总理|首相|大使|主任)([\u4e00-\u9fff])([\u4e00-\u9fff]{1,2}?)(?=说|表示|指出|称|认为|强调|今天|昨天|日前|也|则|在|于|将|已|会|曾|出席|率领|宣布|回应|透露|坦言|与|和|等|、|，|。|（|\(|「|“)/g

/** Words right after a name that make it a person. */
const PER_AFTER = /^(?:说道|说|表示|称|指出|认为|解释|写道|告诉|补充|先生|女士|博士|教授|夫人|小姐|总统|总理|承认|强调|透露|回忆|坦言|笑着|问道|答道|宣布|警告|批评|回应|的妻子|的丈夫|的儿子|的女儿|的父亲|的母亲|本人|自己|将军|上将|中将|少将|上校|中校|少校|牧师|神父)/
/** Grammar characters that the segmenter glues to a name after them (向安迪, 于澎湖). */
const LEAD_GRAMMAR = new Set('和与及于在对向从被把将由让给跟'.split(''))
/** Grammar characters that the segmenter glues to an unknown syllable before them (克是, 特的). */
const GLUED_GRAMMAR = new Set('是的在和与将也就被把对于向从便则才都却还又已曾会要能不没'.split(''))
/** Words after a name that make it a people or a language, not a place (部落, 方言, 國籍). */
const PEOPLE_AFTER = new Set(['部落', '方言', '字母', '族', '族人', '国籍', '血统', '后裔'])
/** Words right after a name that make it a company (沃爾瑪超市, X旗下). */
const ORG_AFTER = /^(?:超市|百货|连锁|旗下|股价|股份|创始人|创办人|执行长|首席执行官|董事长|总裁|董事会)/
/** Characters right after a name that make it a place. */
const LOC_AFTER = /^(?:市|州|省|县|岛|半岛|湾|河|山|港|城|镇|村|郡|区|地区|海峡|沙漠|高原|总部)/
/** POS tags of grammar words: never part of a name. */
const FUNCTION_TAGS = new Set(['v', 'p', 'c', 'u', 'uj', 'ul', 'uz', 'ug', 'uv', 'ud', 'd', 'r', 'm', 'q', 'f', 'y', 'e', 'o', 'zg'])
/** POS tags of ordinary words: a single such token is not a transliterated name. */
/** Endings of ministries, academies, agencies and funds that the segmenter's dictionary tags as organisations. */
const STANDING_BODY_RE = /(?:部|院|署|基金|基金会|组织|银行|委员会|联盟|议会|国会)$/
const COMMON_TAGS = new Set(['n', 'v', 'a', 'd', 'm', 'q', 'r', 'p', 'c', 'u', 'uj', 'ul', 'uz', 'ug', 'uv', 'ud', 'f', 't', 'vn', 'ad', 'an', 'b', 'vd', 'i', 'l', 's', 'z', 'e', 'y', 'o', 'h', 'k', 'g', 'ng', 'mq', 'rr', 'rz', 'tg', 'vg', 'dg', 'ag'])
const TITLE_BEFORE_PER = /(?:创办人|创始人|董事长|总裁|总经理|执行长|首席执行官|主席|总统|总理|部长|教授|博士|先生|女士|记者|发言人|分析师|主任|院长|校长|大使|议员|总监|经理|研究员|作者|长|委员|立委|议长|书记|总书记|国务卿|外长|首相|市长|州长|省长|作家|演员|歌手|导演|画家|诗人|球员|选手|运动员|律师|医生|科学家|学者|艺术家|主持人|设计师|摄影师|工程师|经济学家|编剧|制片人|教练|队长|法官|检察官|牧师|主教|国王|女王|王子|公主|皇帝|司令|司令官|将军|上校|少校|官员|候选人|参议员|众议员|总督|大臣|顾问|特使|助理|妻子|丈夫|儿子|女儿|父亲|母亲|哥哥|姐姐|弟弟|妹妹|祖母|祖父|女友|男友)$/

export function findChineseNames(ctx: LatinContext, from: number, to: number, lang: string): NameMention[] {
  const { res, text } = ctx
  const segment = text.slice(from, to)
  const folded = res.foldHan(segment)
  const words: Word[] = []
  let pos = 0
  const splitLead = (word: string): boolean => {
    const own = res.posOf.get(word)
    if (own !== undefined && own !== 'nr' && own !== 'nrt') return false
    const rest = word.slice(1)
    const tag = res.posOf.get(rest)?.replace('~', '')
    if (tag === 'nr' || tag === 'nrt' || tag === 'ns' || tag === 'nz') return true
    for (let i = 0; i < rest.length; i++) if (!TRANSLIT.has(rest[i] as string)) return false
    return own === undefined
  }
  // cut + dictionary tags: much faster than jieba's tag(); words found by the HMM get "x".
  for (const word of res.jieba().cut(folded, true)) {
    const start = pos
    pos += word.length
    // an unknown transliterated syllable glued to a grammar character by the segmenter's HMM (克是)
    if (word.length === 2 && GLUED_GRAMMAR.has(word[1] as string) && TRANSLIT.has(word[0] as string) && !res.posOf.has(word)) {
      words.push({ start: from + start, end: from + start + 1, word: word[0] as string, pos: undefined })
      words.push({ start: from + start + 1, end: from + pos, word: word[1] as string, pos: undefined })
      continue
    }
    // a grammar character glued before a name, by the HMM or by a bad dictionary entry (向安迪,
    // 于澎湖, 和玛丽): split when the rest is a name the dictionary knows or a transliteration
    if (word.length >= 3 && LEAD_GRAMMAR.has(word[0] as string) && splitLead(word)) {
      words.push({ start: from + start, end: from + start + 1, word: word[0] as string, pos: undefined })
      words.push({ start: from + start + 1, end: from + pos, word: word.slice(1), pos: undefined })
      continue
    }
    words.push({ start: from + start, end: from + pos, word, pos: undefined })
  }
  const rawTag = (w: Word): string => (w.pos ??= res.posOf.get(w.word) ?? (/^[a-zA-Z]/.test(w.word) ? 'eng' : /^\d/.test(w.word) ? 'm' : 'x'))
  // A name tag on a frequent word is not trusted (see Resources.posOf): it reads as a common noun.
  const tagOf = (w: Word): string => {
    const t = rawTag(w)
    return t.startsWith('~') ? 'n' : t
  }
  if (pos !== segment.length) return []
  // The word starting at each offset of the segment (and `to`, a boundary): one array instead of a
  // Set and a Map of numbers per segment.
  const wordAt = new Array<Word | undefined>(to - from + 1).fill(undefined)
  for (const w of words) wordAt[w.start - from] = w
  const boundaries = { has: (at: number): boolean => at === to || (at >= from && at < to && wordAt[at - from] !== undefined) }
  const tokenAt = { get: (at: number): Word | undefined => (at >= from && at <= to ? wordAt[at - from] : undefined) }
  const out: NameMention[] = []
  // Characters of the segment already inside a mention (1), for O(1) overlap checks.
  const used = new Uint8Array(to - from)
  const taken = (s: number, e: number): boolean => {
    for (let i = s - from; i < e - from; i++) if (used[i]) return true
    return false
  }
  const mark = (m: NameMention, value = 1): void => {
    used.fill(value, m.start - from, m.end - from)
  }
  const push = (m: NameMention): void => {
    out.push(m)
    mark(m)
  }

  // A word of two or more characters that the dictionary knows as an ordinary word (进口, 市场).
  const ordinaryWord = (word: string): boolean => {
    const tag = word.length >= 2 ? res.posOf.get(word) : undefined
    return tag !== undefined && COMMON_TAGS.has(tag.replace('~', ''))
  }

  // A three-character word that is a dictionary word and a noun (安全 門, 孔雀 石): a thing, even
  // when jieba's dictionary tags it as a name.
  const compound = (word: string): boolean => {
    if (word.length !== 3 || !res.posOf.has(word.slice(0, 2))) return false
    const tail = res.posOf.get(word.slice(2))
    // 馬上 治: an ordinary word and any word; 孔雀 石: any word and a noun
    return tail === 'n' || tail === 'ng' || (tail !== undefined && ordinaryWord(word.slice(0, 2)))
  }

  // 1. Knowledge-base aliases (character scan on the folded text, longest first).
  for (let i = 0; i < folded.length; i++) {
    const c = folded.charCodeAt(i)
    const lengths = res.hanFirstByCode[c]
    if (!lengths || !((c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff))) continue
    // every alias tried below has two or more characters: skip when none starts with this pair
    if (i + 1 >= folded.length || !res.hanPairMayStart(c, folded.charCodeAt(i + 1))) continue
    for (const n of lengths) {
      if (n < 2 || i + n > folded.length) continue
      const entry = res.hanIndex.get(folded.slice(i, i + n))
      if (!entry) continue
      if (n === 2 && !boundaries.has(from + i)) continue
      if (!boundaries.has(from + i + n) || !boundaries.has(from + i)) {
        // the alias is part of a longer word that names an institution (自由民主黨, 英國國防部)
        const host = words.find((w) => w.start <= from + i && from + i + n <= w.end && w.end - w.start > n)
        if (host && host.word.length > n && SUFFIX_LAST.has(host.word[host.word.length - 1] as string) && INSTITUTION_SUFFIX.test(host.word)) continue
        // a company or a person inside a longer place name is not meant (阿里 in 阿里山), nor a place
        // that starts a longer place name (巴西 in 巴西利亞, 約旦 in 約旦河西岸)
        if (host && tagOf(host) === 'ns' && (entry.type !== 'LOC' || (host.start === from + i && !PLACE_SUFFIX.has(host.word.slice(n)) && !NOT_PLACE_WORDS.has(host.word) && !ordinaryWord(host.word.slice(n))))) continue
      }
      push({ start: from + i, end: from + i + n, type: entry.type, lang, confidence: 3, kb: entry })
      i += n - 1
      break
    }
  }
  // A language or a nationality is not a place (西班牙語, 英語, 美國人): drop the country when 語,
  // 人 or 裔 ends the segmenter's word after it (歐洲語言, 美國人口 and 中國人民 keep the place).
  // A country before an institution of the knowledge base names that country's branch of it, one
  // organisation (美國共和黨, 英國工黨); brands keep their own span (中國華為 is two names).
  for (let i = 0; i + 1 < out.length; i++) {
    const a = out[i] as NameMention
    const b = out[i + 1] as NameMention
    if (a.type !== 'LOC' || b.type !== 'ORG' || a.end !== b.start || !b.kb) continue
    const alias = folded.slice(b.start - from, b.end - from)
    if (!(SUFFIX_LAST.has(alias[alias.length - 1] as string) && INSTITUTION_SUFFIX.test(alias))) continue
    out.splice(i, 2, { ...b, start: a.start })
  }
  // A country after a title that, with the next character, is a surname and a given name
  // (立法院長韓國瑜): a person.
  for (const m of out) {
    if (m.type !== 'LOC' || m.end - m.start !== 2 || !res.surnames.has(folded[m.start - from] as string)) continue
    const k = words.findIndex((w) => w.start === m.start)
    const prev = words[k - 1]
    const next = words[k + 1]
    if (k > 0 && prev && TITLE_BEFORE_PER.test(prev.word) && next && next.start === m.end && next.word.length === 1 && isHan(next.word) && !FUNCTION_TAGS.has(tagOf(next))) {
      m.end = next.end
      m.type = 'PER'
      m.kb = undefined
      m.confidence = 2
      mark(m)
    }
  }
  // A country as the opponent in a match is its national team, an organisation (擊敗英格蘭).
  for (const m of out) {
    if (m.type !== 'LOC' || !m.kb) continue
    const before = folded.slice(Math.max(0, m.start - from - 2), m.start - from)
    if (/^(?:击败|战胜|负于|输给|对阵|迎战|打败|逼平|淘汰)$/.test(before) && boundaries.has(m.start - 2)) {
      m.type = 'ORG'
      m.kb = undefined
    }
  }
  // The characters stay marked, so that no later rule reads the name again.
  const demonym = (m: NameMention): boolean => {
    const next = folded.slice(m.end - from, m.end - from + 1)
    // (also 印尼文 the language and 中國式 the style, when 文 or 式 ends the word: not 中國文化)
    if ((/^[语語词詞文式]/.test(next) || NATIONALITY_AFTER.test(next)) && boundaries.has(m.end + 1)) return true
    // a language name glued to the next word by the segmenter (阿伊努 語等), but not 語言 (歐洲語言)
    if (/^[语語]/.test(next) && !/^[语語][言]/.test(folded.slice(m.end - from, m.end - from + 2)) && !m.kb) return true
    // a people, its tribes, dialects and citizenship (日耳曼部落, 薩米方言, 塞爾維亞國籍)
    return PEOPLE_AFTER.has(tokenAt.get(m.end)?.word ?? '')
  }
  for (const m of [...out]) {
    if (m.type === 'LOC' && demonym(m)) out.splice(out.indexOf(m), 1)
  }
  // 華 as the short form of China after a preposition (對華, 訪華, 來華, 赴華, 在華, 涉華).
  const china = res.aliasIndex.get(res.key('中國'))
  for (const m of segment.includes('华') || segment.includes('華') ? segment.matchAll(/(?<=[对對访訪来來赴在涉援侵])[华華](?![为為人裔侨僑府语語文纳納尔爾])/g) : []) {
    const s = from + (m.index ?? 0)
    if (china && !taken(s, s + 1)) push({ start: s, end: s + 1, type: 'LOC', lang, confidence: 3, kb: china })
  }
  // Column tags and bylines: 【蘇和仲專欄】, 記者王小明.
  for (const m of !folded.includes('专栏') && !folded.includes('记者') ? [] : folded.matchAll(/([\u4e00-\u9fff]{2,3})(?=专栏)|(?<=记者)([\u4e00-\u9fff]{2,3})(?=[／/\s报報摄攝])|(?<=记者)([\u4e00-\u9fff]{2,3}?)(?=[\u4e00-\u9fff]{2}\d{1,2}日[电電])/g)) {
    const name = m[1] ?? m[2] ?? m[3] ?? ''
    const s = from + (m.index ?? 0)
    if (res.surnames.has(name[0] ?? '') && !taken(s, s + name.length)) push({ start: s, end: s + name.length, type: 'PER', lang, confidence: 2 })
  }

  // Title + Chinese name the segmenter does not know (行政院長卓榮泰將出席, 經濟部長郭智輝指出).
  for (const m of folded.matchAll(TITLE_NAME_RE)) {
    const title = m[1] ?? ''
    const sur = m[2] ?? ''
    const given = m[3] ?? ''
    if (!res.surnames.has(sur)) continue
    const s = from + (m.index ?? 0) + title.length
    const e = s + 1 + given.length
    if (!taken(s, e)) push({ start: s, end: e, type: 'PER', lang, confidence: 2 })
  }

  // Whether the words around a name (words[k0..] up to `end`) make it a place: a place or a place
  // suffix next to it, a verb of motion or a direction before it, a relative position after it.
  const placeContext = (k0: number, end: number): boolean => {
    const rest = folded.slice(end - from, end - from + 40).replace(/^\s?[（(][^）)]{1,30}[）)]/, '').slice(0, 5)
    if (PER_AFTER.test(rest)) return false
    const prev = words[k0 - 1]
    const start = words[k0]?.start ?? end
    if (PLACE_SUFFIX.has(tokenAt.get(end)?.word ?? '') || LOC_AFTER.test(rest) || PLACE_AFTER.test(rest)) return true
    if (out.some((o) => o.type === 'LOC' && o.end === start)) return true
    if (!prev) return false
    // in a list with a place (肯塔基和印第安納, 丹內維爾克和胡蘇姆)
    const link = tokenAt.get(end)
    const other = link && /^[和与及、]$/.test(link.word) ? tokenAt.get(link.end) : undefined
    if (other && (tagOf(other) === 'ns' || out.some((o) => o.type === 'LOC' && o.start === other.start))) return true
    if (/^[和与及、]$/.test(prev.word) && out.some((o) => o.type === 'LOC' && o.end === prev.start)) return true
    // after a state or a province (加州 帕洛阿爾托)
    if (prev.word.length >= 2 && /[州省县郡]$/.test(prev.word) && tagOf(prev) === 'ns') return true
    if (PLACE_BEFORE.test(prev.word) || ((prev.word === '在' || prev.word === '于') && LOCATIVE_AFTER.test(rest))) return true
    // 東南部的 X, 首都的 X
    const before = words[k0 - 2]
    return prev.word === '的' && !!before && PLACE_BEFORE.test(before.word) && /部$|首都|首府/.test(before.word)
  }

  const translitShare = (s: string): number => {
    let n = 0
    for (let i = 0; i < s.length; i++) if (TRANSLIT.has(s[i] as string)) n++
    return n / s.length
  }

  // 2. Transliterated foreign names: runs of transliteration characters over one or more segmenter
  //    tokens, joined by "·" or not (梅加·施裡瓦斯塔瓦, 唐納德特朗普, 奧斯本).
  const isTranslitWord = (w: Word): boolean => {
    // a regnal number glued to the name by the segmenter counts with it (米爾一世)
    const n = w.word.length > 3 && w.word.endsWith('世') && /[一二三四五六七八九十]世$/.test(w.word) ? w.word.length - 2 : w.word.length
    for (let i = 0; i < n; i++) if (TRANSLIT_CODE[w.word.charCodeAt(i)] !== 1) return false
    return true
  }
  // A given name before a known surname-only person (唐納德·特朗普 with 特朗普 in the KB) joins it.
  for (const m of out) {
    if (m.type !== 'PER' || !m.kb) continue
    let k = words.findIndex((w) => w.start === m.start)
    if (k <= 0) continue
    let start = m.start
    const dotted = /^[·•‧・．]$/.test((words[k - 1] as Word).word)
    if (dotted) k--
    const given = words[k - 1]
    if (dotted) {
      // after a name dot, every transliterated syllable before it is the given name (貝拉 克·奧巴馬)
      let j = k - 1
      while (j >= 0 && start - (words[j] as Word).start < 6) {
        const g = words[j] as Word
        if (!isTranslitWord(g) || taken(g.start, g.end) || (g.word.length > 1 && COMMON_TAGS.has(tagOf(g)))) break
        start = g.start
        j--
      }
    } else if (given && isTranslitWord(given) && given.word.length >= 2 && !taken(given.start, given.end) && !COMMON_TAGS.has(tagOf(given))) {
      start = given.start
      // its first syllable split off by the segmenter (梅 拉尼亞 特朗普)
      const first = words[k - 2]
      if (first && first.word.length === 1 && isTranslitWord(first) && !FUNCTION_TAGS.has(tagOf(first)) && !taken(first.start, first.end)) start = first.start
    }
    if (start < m.start) {
      used.fill(1, start - from, m.start - from)
      // the KB person keeps the mention only when the given name sounds like theirs (唐納德·特朗普 is
      // Donald Trump; 梅拉尼亞特朗普 is another Trump)
      const entity = m.kb ? res.kb.entities.find((x) => x.id === m.kb?.id) : undefined
      const english = (entity?.names.en ?? []).find((n) => /^[A-Za-z]+ /.test(n))
      const syllable = res.pinyin(folded.slice(start - from, start - from + 1))?.[0]
      if (english && syllable && !sameFirstSound(syllable, english)) m.kb = undefined
      m.start = start
    }
  }
  for (let k = 0; k < words.length; k++) {
    const w = words[k] as Word
    const dotNext = words[k + 1] && /^[·•‧・．]$/.test((words[k + 1] as Word).word) && HAN_RE.test(w.word) && w.word.length <= 6 && !FUNCTION_TAGS.has(tagOf(w))
    if (taken(w.start, w.end) || !(isTranslitWord(w) || dotNext)) continue
    // the given name may start with transliteration characters split off by the segmenter
    let k0 = k
    while (k0 > 0 && dotNext && isTranslitWord(words[k0 - 1] as Word) && (words[k0 - 1] as Word).word.length === 1 && !taken((words[k0 - 1] as Word).start, (words[k0 - 1] as Word).end)) k0--
    // after a title, a first syllable split off by the segmenter belongs to the name (總理 朔 爾茨)
    const split = words[k0 - 1]
    if (k0 === k && split && split.word.length === 1 && isHan(split.word) && !FUNCTION_TAGS.has(tagOf(split)) && !taken(split.start, split.end) && words[k0 - 2] && TITLE_BEFORE_PER.test((words[k0 - 2] as Word).word)) k0--
    let e = k
    let dots = 0
    for (;;) {
      const next = words[e + 1]
      const after = words[e + 2]
      if (next && /^[·•‧・．-]$/.test(next.word) && after && HAN_RE.test(after.word) && after.word.length <= 6 && !taken(after.start, after.end) && (next.word !== '-' || isTranslitWord(after))) {
        e += 2
        dots++
        continue
      }
      // a one-character name-tagged syllable between transliterated ones (斯托爾 滕 貝格)
      const inner = next && next.word.length === 1 && /^nr/.test(tagOf(next)) && isHan(next.word) && after && isTranslitWord(after) && after.word.length > 1 && !taken(after.start, after.end)
      // a word right before a name dot belongs to the name (格里 高爾·薩姆沙)
      const beforeDot = next && after && /^[·•‧・．]$/.test(after.word) && HAN_RE.test(next.word) && next.word.length <= 4 && !FUNCTION_TAGS.has(tagOf(next))
      if (next && (isTranslitWord(next) || inner || beforeDot) && !taken(next.start, next.end) && (beforeDot || !(COMMON_TAGS.has(tagOf(next)) && next.word.length > 1))) {
        e++
        continue
      }
      break
    }
    // regnal numbers belong to the name: 圖特摩斯三世
    const regnal = words[e + 1]
    if (regnal && /^[一二三四五六七八九十]+世$/.test(regnal.word) && !taken(regnal.start, regnal.end)) e++
    else if (regnal && /^[一二三四五六七八九十]$/.test(regnal.word) && words[e + 2]?.word === '世') e += 2
    const first = words[k0] as Word
    const last = words[e] as Word
    // a grammar character glued to the name by the segmenter (讓克里斯, 論諾克斯) stays outside
    const lead = /^[让论中比在和与对向从将把被给跟及的是于由]/.test(first.word) && first.word.length >= 3 && !TRANSLIT.has(first.word[0] as string) ? 1 : 0
    const chars = last.end - first.start - dots - lead
    const single = e === k
    if (chars < 2 || (single && (COMMON_TAGS.has(tagOf(w)) || LOANWORDS.has(w.word))) || (single && chars < 3 && tagOf(w) !== 'nrt' && tagOf(w) !== 'nr' && tagOf(w) !== 'x')) continue
    const titled = !!words[k - 1] && TITLE_BEFORE_PER.test((words[k - 1] as Word).word)
    if (!dots && e > k && !titled && [...words.slice(k, e + 1)].every((x) => COMMON_TAGS.has(tagOf(x)))) continue
    const rest = folded.slice(last.end - from, last.end - from + 40).replace(/^\s?[（(][^）)]{1,30}[）)]/, '').slice(0, 4)
    // a people or language (斯拉夫人, 拉丁語) is not an entity of the schema
    if (/^[人语文族裔]/.test(rest) || /[人语族]$/.test(last.word)) {
      k = e
      continue
    }
    const prev = words[k - 1]
    let type: NameType = 'PER'
    const monarch = /[一二三四五六七八九十]世$/.test(last.word)
    if (PER_AFTER.test(rest) || (prev && TITLE_BEFORE_PER.test(prev.word)) || dots || monarch) type = 'PER'
    else if (ORG_AFTER.test(rest) || (prev && /^(?:效力于|加盟|转会至|球队)$/.test(prev.word))) type = 'ORG'
    else if ((single && tagOf(w) === 'ns') || placeContext(k0, last.end) || placeEnding(folded.slice(first.start - from, last.end - from), single ? tagOf(w) : 'x')) type = 'LOC'
    push({ start: first.start + lead, end: last.end, type, lang, confidence: dots || PER_AFTER.test(rest) || (prev && TITLE_BEFORE_PER.test(prev.word)) ? 2 : 1 })
    k = e
  }

  // jieba tags many generic institutions as organisation names (公安局, 音樂會, 武術學校, 聯邦政府):
  // a word made of an ordinary word and an ordinary word or suffix names no particular body.
  // Government and standing bodies keep their dictionary tag even when built from ordinary words:
  // in news, 交通部, 中央研究院 and 國際貨幣基金 each name one body of the country or world talked about.
  const genericInstitution = (word: string): boolean => {
    if (PARTY_RE.test(word) || STANDING_BODY_RE.test(word)) return false
    for (let i = 1; i < word.length; i++) {
      const head = res.posOf.get(word.slice(0, i))
      const tail = word.slice(i)
      const tailTag = res.posOf.get(tail)
      if (head && COMMON_TAGS.has(head.replace('~', '')) && ((tailTag && COMMON_TAGS.has(tailTag.replace('~', ''))) || (tail.length === 1 && SUFFIX_LAST.has(tail)))) return true
    }
    return false
  }

  // A name followed by its original in brackets (理查德（Richard）, 朱婷（Jutting）): the Chinese words
  // before the bracket, back to a grammar word or an ordinary dictionary word.
  for (const m of folded.includes('(') || folded.includes('（') ? folded.matchAll(/[（(]\s?(?:the\s)?[A-Z][a-z]+(?:[\s.'-]{1,2}[A-Z][a-z]+){0,3}\s?[）)]/g) : []) {
    const at = from + (m.index ?? 0)
    let k = words.findIndex((w) => w.end === at)
    if (k < 0) continue
    const last = k
    let chars = 0
    while (k >= 0) {
      const w = words[k] as Word
      const tag = tagOf(w)
      if (!HAN_RE.test(w.word) || taken(w.start, w.end) || (tag !== 'x' && FUNCTION_TAGS.has(tag)) || chars + w.word.length > 6) break
      if (COMMON_TAGS.has(tag) && w.word.length > 1 && !isTranslitWord(w)) break
      chars += w.word.length
      k--
    }
    const first = words[k + 1]
    // one word the dictionary knows as a place or an organisation: read by its tag below
    if (k + 1 > last || !first || (k + 1 === last && /^(?:ns|nt|nz)$/.test(tagOf(first)))) continue
    // a grammar character glued to the name by the segmenter (向安迪)
    const lead = tagOf(first) === 'x' && first.word.length >= 3 && /^[让论在和与对向从将把被给跟及的是于由]/.test(first.word) ? 1 : 0
    const start = first.start + lead
    const end = (words[last] as Word).end
    if (end - start < 2 || LOANWORDS.has(folded.slice(start - from, end - from)) || /[人语族文]$/.test(folded.slice(end - from - 1, end - from))) continue
    const span = folded.slice(start - from, end - from)
    const place = placeContext(k + 1, end) || PLACE_SUFFIX.has((words[last] as Word).word) || placeEnding(span, k + 1 === last ? tagOf(words[last] as Word) : 'x') || /(?:地区|区|州|省|县|市|山)$/.test(span) || words.slice(k + 1, last + 1).some((x) => tagOf(x) === 'ns')
    push({ start, end, type: place ? 'LOC' : 'PER', lang, confidence: 1 })
  }

  // 3. POS tags and suffix patterns.
  for (let k = 0; k < words.length; k++) {
    const w = words[k] as Word
    if (!HAN_RE.test(w.word) || taken(w.start, w.end)) continue
    const prev = words[k - 1]
    // a name with a regnal number is a monarch, whatever the dictionary says (亞歷山大一世)
    const regnal = words[k + 1]
    if (regnal && /^[一二三四五六七八九十]+世$/.test(regnal.word) && !taken(regnal.start, regnal.end) && /^(?:nr|nrt|ns|nz|x)$/.test(tagOf(w)) && w.word.length >= 2) {
      push({ start: w.start, end: regnal.end, type: 'PER', lang, confidence: 2 })
      continue
    }
    // surname + given name: 3 characters whose given name is not itself an ordinary word (黃綠色), or 2 with a cue
    // (or the word is two ordinary words: 安全 門, 孔雀 石)
    const givenIsWord = (): boolean => {
      const givenTag = w.word.length === 3 ? res.posOf.get(w.word.slice(1)) : undefined
      return (givenTag !== undefined && COMMON_TAGS.has(givenTag.replace('~', ''))) || compound(w.word)
    }
    if ((rawTag(w).replace('~', '') === 'nr' || tagOf(w) === 'nrfg') && w.word.length >= 2 && w.word.length <= 3 && res.surnames.has(w.word[0] as string) && !LOANWORDS.has(w.word) && !/[街路宫桥寺港湾岛]$/.test(w.word) && ((w.word.length === 3 && !givenIsWord()) || PER_AFTER.test(folded.slice(w.end - from, w.end - from + 4)) || (prev && TITLE_BEFORE_PER.test(prev.word)))) {
      // 李博士: the title after the surname stays outside
      const titled = /^.(?:博士|先生|女士|小姐|教授|太太|夫人|将军|总统)$/.test(w.word)
      push({ start: w.start, end: titled ? w.start + 1 : w.end, type: 'PER', lang, confidence: 1 })
      continue
    }
    if (tagOf(w) === 'nr' && w.word.length >= 3 && w.word.length <= 5 && translitShare(w.word) >= 0.66 && !/[人族语]$/.test(w.word) && !LOANWORDS.has(w.word) && !compound(w.word)) {
      const place = !(prev && TITLE_BEFORE_PER.test(prev.word)) && (placeContext(k, w.end) || placeEnding(w.word, tagOf(w)))
      push({ start: w.start, end: w.end, type: place ? 'LOC' : 'PER', lang, confidence: 1 })
      continue
    }
    // a river, an island or a lake the dictionary does not know (茵河, 提契諾河), or knows after a
    // first syllable it splits off (羅 訥河, 刁 曼島)
    if (w.word.length >= 2 && w.word.length <= 5 && /[河岛湖湾]$/.test(w.word) && (tagOf(w) === 'x' || tagOf(w) === 'ns') && !GEO_COMMON.has(w.word) && !NOT_PLACE_WORDS.has(w.word)) {
      let start = w.start
      const before = words[k - 2]
      if (prev && prev.word.length === 1 && isHan(prev.word) && /^(?:j|nr|x|ng|nrt)$/.test(tagOf(prev)) && !taken(prev.start, prev.end) && (!before || !HAN_RE.test(before.word) || /^[和与及、]$/.test(before.word) || tagOf(before) === 'v' || tagOf(before) === 'p')) start = prev.start
      push({ start, end: w.end, type: 'LOC', lang, confidence: 1 })
      continue
    }
    // an unknown transliterated place with its suffix in one word: 威斯康辛州
    if (tagOf(w) === 'x' && w.word.length >= 3 && /[州省市县岛湾河山港]$/.test(w.word) && [...w.word.slice(0, -1)].every((c) => TRANSLIT.has(c))) {
      push({ start: w.start, end: w.end, type: 'LOC', lang, confidence: 1 })
      continue
    }
    // the segmenter glued a speech verb to an unknown name: 鮑爾說
    if (tagOf(w) === 'x' && w.word.length >= 3 && /[说称道]$/.test(w.word) && [...w.word.slice(0, -1)].every((c) => TRANSLIT.has(c))) {
      push({ start: w.start, end: w.end - 1, type: 'PER', lang, confidence: 2 })
      continue
    }
    // (a two-character "transliterated name" without one transliteration character is a dictionary error: 益世)
    if (tagOf(w) === 'nrt' && w.word.length >= 2 && !/[一二三四五六七八九十]世$|[人族语]$/.test(w.word) && !LOANWORDS.has(w.word) && (w.word.length > 2 || translitShare(w.word) > 0)) {
      const place = !(prev && TITLE_BEFORE_PER.test(prev.word)) && (placeContext(k, w.end) || placeEnding(w.word, tagOf(w)))
      push({ start: w.start, end: w.end, type: place ? 'LOC' : 'PER', lang, confidence: 1 })
      continue
    }
    // surname + given name split by the segmenter after a title: 創辦人李彥宏
    if (prev && w.word.length <= 3 && res.surnames.has(w.word[0] as string) && TITLE_BEFORE_PER.test(prev.word) && !(w.word.length === 1 && FUNCTION_TAGS.has(tagOf(w)))) {
      let e = w.end
      const next = words[k + 1]
      if (w.word.length === 1 && next && next.word.length <= 2 && isHan(next.word[0] as string) && tagOf(next) !== 'v' && tagOf(next) !== 'uj') e = next.end
      if (e - w.start >= 2) {
        push({ start: w.start, end: e, type: 'PER', lang, confidence: 1 })
        continue
      }
    }
    // a title glued to the name after a place (台中市 長盧秀燕)
    if (prev && tagOf(w) === 'x' && (w.word.length === 3 || w.word.length === 4) && w.word[0] === '长' && /[市县州省部院局]$/.test(prev.word) && res.surnames.has(w.word[1] as string)) {
      push({ start: w.start + 1, end: w.end, type: 'PER', lang, confidence: 2 })
      continue
    }
    // a football league by its country's abbreviation (英超, 德甲, 西甲)
    if (w.word.length === 2 && /^[英德西意法中日韩荷葡][甲乙超]$/.test(w.word)) {
      push({ start: w.start, end: w.end, type: 'ORG', lang, confidence: 1 })
      continue
    }
    // a street, a palace or a bridge the dictionary tags as a person (唐寧街)
    if (w.word.length >= 3 && /(?:街|路|宫|桥|寺|广场|大道)$/.test(w.word) && /^(?:nr|nrt|nz)$/.test(tagOf(w))) {
      push({ start: w.start, end: w.end, type: 'LOC', lang, confidence: 1 })
      continue
    }
    // an administrative division the dictionary tags as a person (花蓮縣)
    if (w.word.length >= 3 && /[县市省]$/.test(w.word) && /^(?:nr|nrt|ns)$/.test(tagOf(w)) && !NOT_PLACE_WORDS.has(w.word) && !GEO_COMMON.has(w.word)) {
      push({ start: w.start, end: w.end, type: 'LOC', lang, confidence: 1 })
      continue
    }
    // an abbreviated institution the dictionary does not know (衛福部, 農委會)
    if (tagOf(w) === 'x' && w.word.length === 3 && /[部署会院局厅委党]$/.test(w.word) && !taken(w.start, w.end)) {
      push({ start: w.start, end: w.end, type: 'ORG', lang, confidence: 1 })
      continue
    }
    // a surname and a given name the dictionary does not know, before a verb of speech or a time
    // word (張偉強說, 林志明在記者會上)
    if (tagOf(w) === 'x' && w.word.length === 3 && res.surnames.has(w.word[0] as string) && !givenIsWord() && !/[们者家员人士长方界]$/.test(w.word) && /^(?:说|表示|称|指出|认为|强调|透露|宣布|坦言|回应|在|于|也|则|曾|将|已|今天|昨天|日前|随后|还)/.test(folded.slice(w.end - from, w.end - from + 2))) {
      push({ start: w.start, end: w.end, type: 'PER', lang, confidence: 1 })
      continue
    }
    // a name the dictionary does not know right after a title (首相岸田文雄)
    if (prev && tagOf(w) === 'x' && w.word.length >= 2 && w.word.length <= 4 && TITLE_BEFORE_PER.test(prev.word) && !/[到了过着得完]$/.test(w.word)) {
      let e = k
      while (words[e + 1] && isTranslitWord(words[e + 1] as Word) && !taken((words[e + 1] as Word).start, (words[e + 1] as Word).end) && !FUNCTION_TAGS.has(tagOf(words[e + 1] as Word))) e++
      let end = (words[e] as Word).end
      // the rest of the name already read as a transliterated name (美伽 巴佐斯)
      const rest = out.find((o) => o.start === end && o.type === 'PER' && !o.kb)
      if (rest) {
        out.splice(out.indexOf(rest), 1)
        end = rest.end
        while (words[e + 1] && (words[e + 1] as Word).end <= end) e++
      }
      push({ start: w.start, end, type: 'PER', lang, confidence: 2 })
      k = e
      continue
    }
    // a one-character surname and a two-character given name split by the segmenter (陳 美玲)
    const given = words[k + 1]
    if (w.word.length === 1 && res.surnames.has(w.word) && rawTag(w).replace('~', '') === 'nr' && given && given.word.length === 2 && /^(?:nr|nrfg|x)$/.test(tagOf(given)) && !taken(given.start, given.end)) {
      push({ start: w.start, end: given.end, type: 'PER', lang, confidence: 1 })
      continue
    }
    const lastChar = w.word[w.word.length - 1] as string
    const institution = SUFFIX_LAST.has(lastChar) && INSTITUTION_SUFFIX.test(w.word) && !/^(?:东|西|南|北|中|东南|东北|西南|西北|内|外|全|局|上|下|底|顶|头|腹|背|胸|干|总|本)部$/.test(w.word) && !/^(?:将|冠|亚|季|参|从|行|进|援|敌|大|全|友|我|守|驻)军$/.test(w.word)
    const company = SUFFIX_LAST.has(lastChar) && COMPANY_SUFFIX.test(w.word)
    if (institution || company) {
      // proper-noun tokens before the suffix word, possibly with common nouns between them and the
      // suffix for institutions (美國 電影 協會, 聯合國 環境 規劃署)
      let s = k
      let j = k
      while (j > 0 && j > k - 5) {
        const p = words[j - 1] as Word
        if (!HAN_RE.test(p.word) && tagOf(p) !== 'eng') break
        // the mention may leave a place suffix of the token outside (紐約 in the token 紐約市)
        const same = out.find((m) => m.start === p.start && (m.end === p.end || (m.end < p.end && m.type === 'LOC' && PLACE_SUFFIX.has(p.word.slice(m.end - p.start)))))
        const kbHit = same && (same.kb || same.type === 'LOC' || (same.type === 'PER' && (institution || !same.kb))) ? same : undefined
        if (!kbHit && taken(p.start, p.end)) break
        const tag = tagOf(p)
        // a word the dictionary does not know, right before the suffix or a proper noun: a brand (富邦 金控)
        const unknown = tag === 'x' && p.word.length >= 2 && HAN_RE.test(p.word) && !/[使据该这那其此各每本我你他她它们的在和与对向从将把被给跟及是于由以为让一二三四五六七八九十几多]/.test(p.word)
        if ((PROPER_TAGS.has(tag) && tag !== 'j') || kbHit || unknown) {
          // a known place before "公司" / "科技" is a modifier (中國公司), not part of a name
          if (company && (kbHit?.kb?.type === 'LOC' || (tag === 'ns' && GEO_COMMON.has(p.word)))) break
          j--
          s = j
          continue
        }
        if (institution && p.word.length >= 2 && (tag === 'n' || tag === 'vn' || tag === 'b' || tag === 'an' || tag === 'l' || tag === 'a')) {
          j--
          continue
        }
        break
      }
      // a known place at the start of the word names whose institution it is (中國隊, 英國國防部)
      let placePrefix = false
      for (let n = w.word.length - 1; n >= 2 && !placePrefix; n--) placePrefix = res.hanIndex.get(w.word.slice(0, n))?.type === 'LOC'
      const own = (w.word.length >= 3 && (tagOf(w) === 'nt' || tagOf(w) === 'nz') && !(w.word.length <= 4 && /(?:部|局|政府|法院|院|会|学校|院校|大会|议会)$/.test(w.word)) && !genericInstitution(w.word)) || (institution && placePrefix)
      // "a Bundesliga team" (德甲球隊) is no team's name
      if (/^(?:球队|队)$/.test(w.word) && /(?:甲|乙|超|联赛)$/.test((words[k - 1] as Word | undefined)?.word ?? '')) continue
      if (s < k || own) {
        const start = (words[s] as Word).start
        const onlyCountry = s === k - 1 && out.some((m) => m.kb?.type === 'LOC' && m.start === start && m.end === (words[k - 1] as Word).end)
        if (company && onlyCountry) continue
        if (w.word.length === 1 && s === k) continue
        const inside = out.filter((m) => m.start >= start && m.end <= w.end)
        if (inside.some((m) => m.type !== 'LOC' && !(institution && (m.type === 'ORG' || (m.type === 'PER' && !m.kb))))) continue
        for (const m of inside) {
          out.splice(out.indexOf(m), 1)
          mark(m, 0)
        }
        const kb = res.aliasIndex.get(res.key(text.slice(start, w.end)))
        push({ start, end: w.end, type: kb?.type ?? 'ORG', lang, confidence: kb ? 3 : 1, ...(kb ? { kb } : {}) })
        continue
      }
    }
    // jieba tags some landforms as organisations (東非大裂谷)
    const landform = tagOf(w) === 'nt' && /(?:谷|山|山脉|河|湖|岛|群岛|海|湾|峡|高原|平原|盆地|沙漠)$/.test(w.word)
    // a club named after its town, right after 球隊 / 效力於 (德甲球隊美因茨)
    const club = tagOf(w) === 'ns' && !!prev && /^(?:效力于|加盟|转会至|球队)$/.test(prev.word)
    const type: NameType | undefined = club ? 'ORG' : tagOf(w) === 'ns' || landform ? 'LOC' : tagOf(w) === 'nt' && !genericInstitution(w.word) ? 'ORG' : undefined
    if (type && w.word.length >= 2 && !NOT_PLACE_WORDS.has(w.word) && !GEO_COMMON.has(w.word)) push({ start: w.start, end: w.end, type, lang, confidence: 1 })
  }

  // 4. A place followed by its suffix keeps it (深圳市, 科羅拉多州, 高加索山脈), when the suffix is a word of
  // its own for the segmenter or ends the word the place is in ("中國市場" keeps only 中國). A
  // transliterated name typed a person by default is a place when a place suffix follows it. A
  // building or a facility named after a place or a person is a place (台北車站, 布什大樓).
  for (const m of out) {
    const surface = folded.slice(m.start - from, m.end - from)
    const weakPerson = m.type === 'PER' && !m.kb && m.confidence < 2 && !/[·•‧・．]/.test(surface) && translitShare(surface) >= 0.5
    if (m.type !== 'LOC' && !weakPerson) continue
    const next = tokenAt.get(m.end)
    let end = m.end
    if (next && PLACE_SUFFIX.has(next.word)) end = next.end
    // the last syllable and the suffix glued by the segmenter (圖爾 恰郡)
    else if (weakPerson && next && next.word.length === 2 && tagOf(next) === 'x' && /[郡州县岛河湖]$/.test(next.word)) end = next.end
    else {
      const host = words.find((w) => w.start < m.end && m.end < w.end)
      if (host && PLACE_SUFFIX.has(host.word.slice(m.end - host.start))) end = host.end
    }
    if (m.type === 'LOC' || end > m.end) {
      // up to two facility words: 碼頭 賽道, 國際 機場
      for (let n = 0, t = tokenAt.get(end); t && n < 2; n++, t = tokenAt.get(t.end)) {
        if (FACILITY.has(t.word)) {
          end = t.end
          break
        }
        if (!(n === 0 && FACILITY.has(tokenAt.get(t.end)?.word ?? '') && (tagOf(t) === 'n' || tagOf(t) === 'ns' || tagOf(t) === 'nz'))) break
      }
    } else if (next && FACILITY.has(next.word) && !taken(next.start, next.end)) end = next.end
    if (end > m.end) {
      if (taken(m.end, end)) continue
      used.fill(1, m.end - from, end - from)
      m.end = end
      m.type = 'LOC'
      m.kb = undefined
      m.sameAs = undefined
    }
    // "Greater" or "Great" before a place is part of its name (大多倫多市, 大摩拉維亞國)
    const big = tokenAt.get(m.start - 1)
    if (m.type === 'LOC' && big?.word === '大' && big.start >= from && !taken(big.start, big.end)) {
      used.fill(1, big.start - from, m.start - from)
      m.start = big.start
      m.kb = undefined
      m.sameAs = undefined
    }
  }
  for (const m of [...out]) {
    if (m.type !== 'ORG' && !m.kb && !/[·•‧・．]/.test(text.slice(m.start, m.end)) && demonym(m)) out.splice(out.indexOf(m), 1)
  }
  out.sort((a, b) => a.start - b.start)
  return out
}

/** Consonant class of a pinyin syllable's initial (vowels, y and w are one class). */
function pinyinClass(syllable: string): string {
  const initial = /^(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcs])/.exec(syllable)?.[0] ?? ''
  const classes: Record<string, string> = { b: 'B', p: 'B', d: 'D', t: 'D', g: 'G', k: 'G', j: 'J', q: 'J', x: 'S', zh: 'S', ch: 'S', sh: 'S', z: 'S', c: 'S', s: 'S', f: 'F', h: 'H', l: 'L', r: 'L', m: 'M', n: 'N' }
  return classes[initial] ?? 'V'
}

/** Whether a transliterated given name (its first pinyin syllable) can start the English name (唐 / Donald). */
function sameFirstSound(syllable: string, english: string): boolean {
  const word = english.toLowerCase()
  const letter = word.startsWith('th') ? 't' : word.startsWith('ph') ? 'f' : word[0] ?? ''
  const allowed: Record<string, string> = { a: 'V', e: 'V', i: 'V', o: 'V', u: 'V', y: 'V', w: 'VF', b: 'B', p: 'B', d: 'D', t: 'D', g: 'GJ', k: 'G', q: 'G', c: 'GS', j: 'JSV', x: 'S', s: 'S', z: 'S', f: 'F', v: 'FV', h: 'HV', l: 'L', r: 'L', m: 'M', n: 'N' }
  return (allowed[letter] ?? '').includes(pinyinClass(syllable))
}

/** Whether a transliterated name ends like a place; `tag` is jieba's tag of the name when it is one word. */
function placeEnding(name: string, tag: string): boolean {
  return PLACE_ENDING.test(name) || (tag !== 'nr' && tag !== 'nrt' && PLACE_ENDING_WEAK.test(name))
}

/**
 * Extend unknown names followed by 公司 / 集團 (optionally after one noun such as 能源, 唱片) into
 * organisations; a knowledge-base brand keeps its own span (Uber公司 is Uber).
 */
export function absorbCompanySuffix(res: { foldHan(s: string): string }, text: string, mentions: NameMention[]): void {
  for (const m of mentions) {
    if (m.type === 'LOC' || m.kb) continue
    const after = res.foldHan(text.slice(m.end, m.end + 6))
    const suffix = /^\s?(?:[\u4e00-\u9fff]{2})?(?:公司|集团)/.exec(after)
    if (!suffix || /^\s?(?:旗下|的|和|与|及|等|在|是)/.test(after)) continue
    if (mentions.some((o) => o !== m && o.start >= m.end && o.start < m.end + suffix[0].length)) continue
    m.end += suffix[0].length
    m.type = 'ORG'
    m.confidence = Math.max(m.confidence, 2)
  }
}

/**
 * Latin words in brackets right after Chinese words that name nothing are the original of an
 * ordinary term (集市（Agora）, 生成式人工智慧（Generative AI）), not a name: drop them, unless the
 * knowledge base or a cue typed them, or they are an acronym (國民保健署（NHS）). Returns the kept ones.
 */
export function dropBracketedTerms(text: string, chinese: readonly NameMention[], latin: NameMention[]): NameMention[] {
  return latin.filter((m) => {
    if (m.kb || m.confidence >= 2 || /^[A-Z0-9&.\-]{2,}$/.test(text.slice(m.start, m.end))) return true
    const open = /[（(]\s?(?:the\s)?$/.exec(text.slice(Math.max(0, m.start - 6), m.start))
    if (!open || !/^\s?[）)]/.test(text.slice(m.end, m.end + 2))) return true
    const before = m.start - open[0].length
    if (!HAN_RE.test(text[before - 1] ?? '')) return true
    return chinese.some((z) => z.end === before)
  })
}

/** Pair a Chinese mention with a Latin one written right after it (or in brackets after it). */
export function linkTransliterations(text: string, mentions: NameMention[]): void {
  const sorted = [...mentions].sort((a, b) => a.start - b.start)
  for (let i = 0; i + 1 < sorted.length; i++) {
    const a = sorted[i] as NameMention
    const b = sorted[i + 1] as NameMention
    const gap = text.slice(a.end, b.start)
    if (!/^\s?[(（]?\s?$/.test(gap) && gap !== '') continue
    const aHan = HAN_RE.test(text.slice(a.start, a.end))
    const bHan = HAN_RE.test(text.slice(b.start, b.end))
    if (aHan === bHan) continue
    const [han, latin] = aHan ? [a, b] : [b, a]
    if (han.kb && latin.kb) continue
    if (han.kb) {
      latin.sameAs = han
      latin.type = han.type
    } else {
      han.sameAs = latin
      if (latin.kb || latin.confidence > han.confidence) han.type = latin.type
      else latin.type = han.type
    }
  }
}

/** Type of a Latin name inside Chinese text from the Chinese words around it (`Pugh說`, `在Plano市`). */
export function chineseContextType(res: { foldHan(s: string): string }, text: string, start: number, end: number): NameType | undefined {
  const after = res.foldHan(text.slice(end, end + 4)).replace(/^\s+/, '')
  const before = res.foldHan(text.slice(Math.max(0, start - 6), start)).replace(/\s+$/, '')
  if (PER_AFTER.test(after) || TITLE_BEFORE_PER.test(before)) return 'PER'
  if (/^(?:公司|集团|银行|大学|学院|基金会|协会|实验室|研究所|研究院|旗下|股价|股份|执行长|首席执行官|创办人|创始人|推出|发布)/.test(after)) return 'ORG'
  if (/(?:向|投资|收购|入股)$/.test(before) && /^(?:投资|注资|的股)/.test(after)) return 'ORG'
  if (/(?:投资了|收购了|收购|入股)$/.test(before)) return 'ORG'
  if (LOC_AFTER.test(after) || /^(?:运河|机场|车站|大桥|广场|公园|大厦|大楼|医院)/.test(after) || /(?:在|于|位于|前往|来自|抵达)$/.test(before)) return 'LOC'
  return undefined
}
