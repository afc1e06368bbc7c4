/** Closed word lists of the extractor (grammar words, titles, cue words). Not entity lists. */

const words = (s: string): Set<string> => new Set(s.split('|').map((w) => w.trim()).filter(Boolean))

/** Vietnamese grammar words and sentence openers that are capitalised only because a sentence starts. */
export const VI_FUNCTION = words(
  'tuy|song|mặc|dù|nhưng|và|hoặc|hay|các|những|một|hai|ba|bốn|năm|khi|nếu|vì|do|theo|tại|ở|trong|ngoài|với|về|từ|đến|cho|sau|trước|để|là|có|không|đã|đang|sẽ|cũng|chỉ|hiện|thế|vậy|như|ngay|này|đó|đây|kể|bởi|nhờ|trên|dưới|giữa|qua|cùng|thay|vào|lúc|chúng|họ|tôi|nó|mọi|mỗi|nhiều|ít|rất|còn|thì|mà|nên|vẫn|lại|bên|phía|dẫu|chẳng|cả|ai|gì|nào|sao|bao|hãy|xét|lấy|chính|riêng|tính|gần|vừa|liệu|trừ|thậm|bất|đối|nhằm|dưới|tới|ngày|tháng|hôm|tuần|sáng|chiều|tối|đêm|đầu|cuối|năm|được|bị|chưa|đều|điều|việc|nhà|người|giới|phần|tất|toàn|cách|tức|nói|ý|thứ',
)

/** English words that start sentences and are not names. */
export const EN_FUNCTION = words(
  'the|a|an|this|that|these|those|in|on|at|for|with|but|and|or|however|if|when|while|as|after|before|since|by|from|to|of|it|its|he|she|they|we|i|you|his|her|their|our|there|here|what|which|who|why|how|some|many|most|all|both|each|every|no|not|yet|so|also|still|then|now|today|last|next|according|despite|although|though|because|meanwhile|instead|even|other|another|such|more|less|one|two|three|first|second|new|mr|mrs|ms|dr|prof|sir|president|chairman|minister|chief|executive|ceo|founder',
)

/** Generic terms and acronyms that are not names (guidelines: AI, API, GPU, CEO, LLM, Token, Internet, ...). */
export const NOT_NAMES = words(
  'ai|api|apis|gpu|gpus|cpu|cpus|npu|tpu-v|ceo|cto|cfo|coo|cio|llm|llms|nlp|ide|sdk|ui|ux|it|iot|agi|genai|ml|dl|ar|vr|xr|pc|pcs|os|usb|wifi|wi-fi|5g|4g|6g|gdp|ipo|esg|r&d|b2b|b2c|saas|paas|iaas|token|tokens|internet|web|app|apps|chatbot|startup|big tech|bigtech|deep learning|machine learning|transformer|diffusion transformer|dit|cloud|online|offline|email|smartphone|blockchain|crypto|fintech|edtech|logistics|framework|benchmark|open source|data|dataset|gpt|chip|chips|ok|tv|dna|rna|covid|covid-19|vs|etc|phd|mba|ceo|hr|pr|km|kg|mb|gb|tb|ms|fps|hd|4k|3d|2d|nft|vip|faq|q&a|a.i|gen ai|generative ai|ai tạo sinh|top|hot|news|video|online|live|http|https|www|html|pdf|url|fdi|oda|cpi|pmi|m&a|etf|ev|evs|esg|ngo|ngos|ai act|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|june|july|august|september|october|november|december|covid|sars|mers',
)

/** Vietnamese titles and honorifics: outside the span, and the name after them is a person. */
export const VI_PERSON_TITLES = words(
  'ông|bà|anh|chị|cô|ngài|chủ tịch|chủ tịch nước|phó chủ tịch|tổng thống|phó tổng thống|thủ tướng|phó thủ tướng|bộ trưởng|thứ trưởng|ngoại trưởng|tổng bí thư|bí thư|giám đốc|tổng giám đốc|giám đốc điều hành|giám đốc nghiên cứu|giám đốc công nghệ|phó giám đốc|giáo sư|phó giáo sư|tiến sĩ|thạc sĩ|kỹ sư|nhà phân tích|chuyên gia|nhà kinh tế|nhà kinh tế học|nhà nghiên cứu|nhà khoa học|doanh nhân|tỷ phú|nhà sáng lập|người sáng lập|đồng sáng lập|nhà đồng sáng lập|người đồng sáng lập|nhà đầu tư|người phát ngôn|phát ngôn viên|đại sứ|thượng nghị sĩ|hạ nghị sĩ|nghị sĩ|thống đốc|thị trưởng|tướng|đại tướng|trung tướng|thiếu tướng|đạo diễn|diễn viên|ca sĩ|nhà báo|phóng viên|tác giả|luật sư|bác sĩ|trưởng nhóm|trưởng phòng|chủ nhiệm|cựu|người đứng đầu|lãnh đạo|ceo|cto|cfo|coo|founder|gs|pgs|ts|ths|chủ tịch kiêm ceo|nhà sáng lập kiêm ceo|sếp',
)
/** English titles before a person. */
export const EN_PERSON_TITLES = words(
  'mr|mr.|mrs|mrs.|ms|ms.|dr|dr.|prof|prof.|president|vice president|prime minister|minister|secretary|senator|representative|rep.|sen.|governor|mayor|chairman|chairwoman|ceo|cto|cfo|founder|co-founder|chief executive|analyst|professor|general|judge|ambassador|spokesperson|spokesman|spokeswoman|king|queen|pope|premier|chancellor',
)

/** Words right before a name that type it. Longest phrase wins. */
export const VI_CUES: Record<string, 'ORG' | 'LOC' | 'PRODUCT'> = {
  'công ty': 'ORG', 'hãng': 'ORG', 'tập đoàn': 'ORG', 'startup': 'ORG', 'công ty khởi nghiệp': 'ORG', 'quỹ': 'ORG', 'quỹ đầu tư': 'ORG',
  'tổ chức': 'ORG', 'hãng tin': 'ORG', 'trang tin': 'ORG', 'trang': 'ORG', 'báo': 'ORG', 'tờ': 'ORG', 'tạp chí': 'ORG', 'nhà sản xuất': 'ORG',
  'hãng chứng khoán': 'ORG', 'công ty mẹ': 'ORG', 'công ty con': 'ORG', 'ngân hàng': 'ORG', 'hãng xe': 'ORG', 'nhà mạng': 'ORG',
  'công ty chứng khoán': 'ORG', 'hãng nghiên cứu': 'ORG', 'công ty nghiên cứu': 'ORG', 'nhóm nghiên cứu': 'ORG', 'viện': 'ORG', 'đối tác': 'ORG',
  'nhà cung cấp': 'ORG', 'đài': 'ORG', 'kênh': 'ORG', 'hãng thông tấn': 'ORG', 'mạng xã hội': 'ORG', 'nền tảng mạng xã hội': 'ORG',
  'tại': 'LOC', 'ở': 'LOC', 'thành phố': 'LOC', 'tỉnh': 'LOC', 'bang': 'LOC', 'thủ đô': 'LOC', 'đến từ': 'LOC', 'vùng': 'LOC',
  'khu vực': 'LOC', 'nước': 'LOC', 'quốc gia': 'LOC', 'thị trấn': 'LOC', 'huyện': 'LOC', 'quận': 'LOC', 'đảo': 'LOC', 'xứ': 'LOC',
  'mô hình': 'PRODUCT', 'công cụ': 'PRODUCT', 'ứng dụng': 'PRODUCT', 'chip': 'PRODUCT', 'chatbot': 'PRODUCT', 'nền tảng': 'PRODUCT',
  'dịch vụ': 'PRODUCT', 'phần mềm': 'PRODUCT', 'trình duyệt': 'PRODUCT', 'hệ điều hành': 'PRODUCT', 'bộ dữ liệu': 'PRODUCT',
  'tập dữ liệu': 'PRODUCT', 'phiên bản': 'PRODUCT', 'dòng chip': 'PRODUCT', 'điện thoại': 'PRODUCT', 'bộ xử lý': 'PRODUCT',
  'framework': 'PRODUCT', 'thư viện': 'PRODUCT', 'trợ lý': 'PRODUCT', 'trợ lý ảo': 'PRODUCT', 'mô hình ngôn ngữ': 'PRODUCT',
  'mô hình ngôn ngữ lớn': 'PRODUCT', 'mô hình lý luận': 'PRODUCT', 'mô hình suy luận': 'PRODUCT', 'mô hình ai': 'PRODUCT',
  'siêu máy tính': 'PRODUCT', 'smartphone': 'PRODUCT', 'mẫu xe': 'PRODUCT', 'trò chơi': 'PRODUCT', 'game': 'PRODUCT',
  'bộ công cụ': 'PRODUCT', 'thuật toán': 'PRODUCT', 'hệ thống': 'PRODUCT', 'sản phẩm': 'PRODUCT', 'tính năng': 'PRODUCT',
  'máy tính': 'PRODUCT', 'vi xử lý': 'PRODUCT', 'mô hình tạo video': 'PRODUCT', 'công cụ tạo video': 'PRODUCT', 'bảng xếp hạng': 'PRODUCT',
}
/** English organisation heads: "Ministry of Planning and Investment", "University of California". */
export const EN_ORG_HEADS = words('ministry|department|university|bank|institute|bureau|office|council|commission|association|academy|agency|federation|organization|organisation|school|college|center|centre|committee|court|party|embassy|museum|foundation|fund|board|authority|administration|corporation|society|union|league|house|senate|parliament|assembly|army|navy|police|service|chamber')
export const EN_CUES: Record<string, 'ORG' | 'LOC' | 'PRODUCT'> = {
  company: 'ORG', firm: 'ORG', startup: 'ORG', group: 'ORG', 'start-up': 'ORG', bank: 'ORG', agency: 'ORG', newspaper: 'ORG', outlet: 'ORG',
  in: 'LOC', near: 'LOC', city: 'LOC', province: 'LOC', state: 'LOC',
  model: 'PRODUCT', chip: 'PRODUCT', chips: 'PRODUCT', app: 'PRODUCT', chatbot: 'PRODUCT', platform: 'PRODUCT', tool: 'PRODUCT', service: 'PRODUCT',
  browser: 'PRODUCT', processor: 'PRODUCT', phone: 'PRODUCT', smartphone: 'PRODUCT', dataset: 'PRODUCT', benchmark: 'PRODUCT',
}

/** Capitalised words that open the name of a law or a document, not an entity of the schema. */
export const VI_DOCUMENT_HEADS = words('luật|bộ luật|nghị định|nghị quyết|thông tư|quyết định|hiến pháp|chỉ thị|đề án|chiến lược|chương trình|kế hoạch|dự án|báo cáo|sách trắng|công ước|hiệp định|hiệp ước|tuyên bố')

/** Head words that open a Vietnamese organisation name; the name continues with capitalised words. */
export const VI_ORG_HEADS = [
  'ubnd', 'hđnd', 'ủy ban nhân dân', 'uỷ ban nhân dân', 'hội đồng nhân dân', 'phòng thí nghiệm', 'trường đại học', 'đại học', 'học viện', 'viện', 'bộ', 'cục', 'tổng cục', 'sở', 'ủy ban', 'uỷ ban', 'ngân hàng',
  'trung tâm', 'hội đồng', 'tòa án', 'toà án', 'viện kiểm sát', 'quốc hội', 'văn phòng', 'đại sứ quán', 'lãnh sự quán', 'bệnh viện',
  'quỹ', 'hiệp hội', 'liên đoàn', 'liên minh', 'tổ chức', 'đảng', 'quân đội', 'thông tấn xã', 'đài truyền hình', 'đài phát thanh',
  'cơ quan', 'ban', 'vụ', 'tổng công ty', 'công an', 'sở giao dịch', 'trường', 'khoa', 'nhà xuất bản', 'thượng viện', 'hạ viện',
].map((h) => h.split(' '))

/** Vietnamese words that continue an organisation name in lower case ("Bộ Tài chính", "Quốc gia"). */
export const VI_NAME_COMPOUNDS = words(
  'tài chính|quản lý|quốc gia|sư phạm|công nghệ|khoa học|thông tin|truyền thông|y tế|quốc phòng|ngoại giao|công an|tư pháp|xây dựng|giáo dục|đào tạo|nông nghiệp|công nghiệp|thương mại|kế hoạch|đầu tư|giao thông|vận tải|tài nguyên|môi trường|lao động|văn hóa|văn hoá|thể thao|du lịch|nội vụ|nhà nước|chứng khoán|kinh tế|xã hội|nhân dân|tối cao|kiểm sát|thống kê|hải quan|an ninh|không gian|không gian mạng|điện tử|bách khoa|quốc tế|nghiên cứu|phát triển|trí tuệ|trí tuệ nhân tạo|nhân tạo|chiến lược|chính sách|năng lượng|hạt nhân|hàng không|vũ trụ|dữ liệu|chuyển đổi|viễn thông|bưu chính|điện lực|dầu khí|cạnh tranh|bảo hiểm|tiêu chuẩn|đo lường|chất lượng|sở hữu|liên bang|hành chính|tổng hợp|kỹ thuật|mạng|số|thế giới|châu âu|quân sự|cộng sản|dân chủ|cộng hòa|cộng hoà|nhân quyền|thông tấn|truyền hình|phát thanh|chính phủ|tiền tệ|dự trữ|liên hợp quốc|kiểm toán|thanh tra|ngân sách|công thương|tự nhiên|xã hội nhân văn|y dược|dược|luật|ngoại ngữ|mỹ thuật|kiến trúc|thủy lợi|lâm nghiệp|sinh học|vật lý|hóa học|toán học|máy tính|phần mềm|bán dẫn|vi mạch|robot|tự động hóa|người máy|giám sát|điều tiết|quy hoạch|đô thị|phòng chống|khẩn cấp|an toàn|bảo vệ|cứu hộ',
)

/** Common Vietnamese family names (a capitalised run starting with one is a person). */
export const VI_SURNAMES = words(
  'nguyễn|trần|lê|phạm|hoàng|huỳnh|phan|vũ|võ|đặng|bùi|đỗ|hồ|ngô|dương|lý|tô|trương|đinh|lâm|mai|đoàn|lương|trịnh|cao|hà|chu|tạ|lưu|vương|quách|tôn|thái|kiều|la|lã|hứa|khúc|triệu|văn|từ|mạc|tăng|thân|ông|diệp|giang|đàm|lại|nghiêm|phùng|quan|kim|tống',
)

/** Words that make a Latin name an organisation ("Kuaishou Technologies", "Moonshot AI"). */
export const ORG_SUFFIXES = words(
  'inc|inc.|corp|corp.|corporation|co|co.|ltd|ltd.|limited|llc|plc|group|holdings|holding|technologies|technology|tech|labs|lab|laboratory|capital|ventures|partners|securities|bank|university|institute|college|academy|foundation|association|agency|council|commission|ministry|department|times|post|news|journal|media|press|pharma|pharmaceuticals|imaging|systems|robotics|motors|electronics|semiconductor|semiconductors|networks|software|studios|entertainment|airlines|energy|industries|international|research|ai|intelligence|dynamics|analytics|cloud|capital management|asset management|investments|fund|society|union|party|club|council|committee',
)
/** Corporate-form words after a known brand keep the brand's id ("Tencent Holdings", "Meta Platforms"). */
export const LEGAL_SUFFIXES = words('inc|inc.|corp|corp.|corporation|co|co.|ltd|ltd.|limited|llc|plc|group|holdings|holding|technologies|technology|platforms|international')

/** Verbs of saying right after a name: a sign of a person when the name has a person's shape. */
export const VI_SAY = words('nói|cho biết|cho hay|chia sẻ|nhận định|nhận xét|lưu ý|khẳng định|tin rằng|cho rằng|bày tỏ|viết|giải thích|phát biểu|nhấn mạnh|tiết lộ|thừa nhận|dự đoán|cảnh báo')
