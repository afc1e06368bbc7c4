/**
 * Word lists and cues for Chinese names, in Simplified characters (the segmenter reads folded text).
 * They describe the language, not any document: common loanwords, common geographic nouns, the
 * words around a place or a person.
 */

/**
 * Common nouns borrowed by transliteration: written with the characters of foreign names, and tagged
 * as names (nr) by jieba's dictionary, but not names (高尔夫 golf, 麦克风 microphone).
 */
export const LOANWORDS = new Set(
  (
    '高尔夫|麦克风|沙发|巧克力|咖啡|可可|吉他|马拉松|芭蕾|华尔兹|探戈|爵士|迪斯科|卡通|托福|雅思|模特|沙龙|巴士|的士|坦克|雷达|' +
    '克隆|尼龙|维他命|荷尔蒙|尼古丁|吗啡|白兰地|威士忌|香槟|伏特加|雪茄|比萨|披萨|汉堡|布丁|沙拉|色拉|三明治|苏打|柠檬|' +
    '奥林匹克|奥斯卡|格莱美|卡路里|比基尼|桑拿|迷你|拷贝|马达|引擎|吉普|卡车|摩托|保龄|扑克|幽默|浪漫|逻辑|乌托邦|' +
    '歇斯底里|罗曼蒂克|蒙太奇|布尔乔亚|法西斯|纳粹|加仑|盎司|英镑|卢布|比索|法郎|里拉|欧元|美元|' +
    '博爱|多达|普罗|高达|阿门|哈利路亚|弥撒|撒旦|伊斯兰|穆斯林|犹太|菩萨|喇嘛|' +
    '芭比|可乐|雪碧|拿铁|摩卡|卡布奇诺|咖喱|提拉米苏|布朗尼|曲奇|沙丁|金枪|吐司|芝士|奶昔|' +
    '爱克斯|伽马|阿尔法|贝塔|德尔塔|欧米茄|博客|黑客|粉丝|基因|克拉|米老鼠|马赛克|巴洛克|哥特|' +
    '丁克|嘉年华|夸克|查克拉|巴洛克式'
  ).split('|'),
)

/** Common (mostly geographic) nouns and other words that jieba's dictionary tags as place names (ns). */
export const GEO_COMMON = new Set(
  (
    '山峰|峡湾|礁湖|海滨|海岸|海岸线|沙漠|草原|森林|平原|高原|盆地|峡谷|河流|湖泊|海峡|岛屿|半岛|群岛|大洋|海域|内陆|沿海|山谷|' +
    '山脉|冰川|湿地|雨林|火山|三角洲|河谷|河口|海湾|港湾|港口|山区|山脚|山顶|山坡|丘陵|荒漠|绿洲|戈壁|冻土|苔原|极地|赤道|' +
    '热带|温带|寒带|亚热带|大陆|大洲|海底|海面|海洋|洋流|江河|溪流|瀑布|泉水|水库|运河|城市|城镇|乡镇|村庄|街道|街区|郊外|' +
    '夕阳|云海|山林|河水|海滩|城堡|深谷|嘉宾|加盟|伦理|归国|太极|佛门|拜拜|琼脂|青山绿水|山地车|各省市|滨海|都市|山岭|庙里|上山|下山|入海|登山|关联|大河|广布|上岗|登极|中道|' +
    '广为|西北地区|东北地区|西南地区|东南地区|中部地区|北部地区|南部地区|东部地区|西部地区|沿岸|岸边|泰加林'
  ).split('|'),
)

/** The word before a name that makes it a place (到 X, 首都 X, 生于 X, 东南部 X). */
export const PLACE_BEFORE = /^(?:到|搬到|搬往|来到|去往|赶往|转往|调往|前往|来自|访问|位于|抵达|首都|首府|省会|生于|出生于|通往|穿过|途经|经过|离开|飞往|迁往|驶往|返回|回到|定居|移居|逃往|撤往|进入|驻|(?:东|西|南|北|中|东南|东北|西南|西北)部)$/
/** The words after a name that make it a place (X 附近, X 以北, X 境内). */
export const PLACE_AFTER = /^(?:附近|境内|以北|以南|以东|以西|一带|郊区|郊外|市区|市中心|城外|城内|沿岸|当地|港口|机场|首都|王国|王室|王朝|边境|(?:的)?(?:东|西|南|北|中|东南|东北|西南|西北)部)/

/**
 * Words after a country that make it a nationality or a people, which is not a place (美国人, 英语).
 * Only when the segmenter ends a word right after this character (美国人口 and 中国人民 keep 中国).
 */
export const NATIONALITY_AFTER = /^[人裔]$/

/** Political parties named by what they stand for (共和党, 工党): names, though built of common words. */
export const PARTY_RE = /(?:党)$/
