import { CHAR_FLAGS, JS_SPACE, skipBackward, skipForward, UI_LEAD, UI_TRAIL } from './chars.js'

/**
 * Site-chrome vocabulary of news pages in Vietnamese, Chinese and English: words of menus,
 * buttons, section boxes and footers. These are the interface words of news CMSs, not lines of any
 * particular article. Compared after {@link normaliseUi}.
 */

/** Whole lines that are page navigation or buttons. */
export const NAVIGATION_LINES: readonly string[] = [
  // en
  'top', 'back to top', 'go to top', 'home', 'homepage', 'menu', 'search', 'share', 'share this', 'share this article', 'print', 'email',
  'comment', 'comments', 'login', 'log in', 'sign in', 'sign up', 'register', 'subscribe', 'newsletter', 'advertisement', 'sponsored',
  'read more', 'more', 'next', 'previous', 'prev', 'latest', 'latest news', 'trending', 'most read', 'most popular', 'follow us',
  'tags', 'skip to content', 'skip to main content', 'close', 'loading', 'watch', 'listen', 'video', 'photos', 'gallery', 'facebook',
  'twitter', 'linkedin', 'whatsapp', 'zalo', 'copy link', 'like', 'reply', 'load more', 'see more', 'view more', 'breaking news',
  // vi
  'trang chủ', 'đầu trang', 'lên đầu trang', 'về đầu trang', 'về trang chủ', 'chia sẻ', 'bình luận', 'gửi bình luận', 'in', 'in bài',
  'gửi bài', 'đăng nhập', 'đăng ký', 'đăng xuất', 'tìm kiếm', 'quảng cáo', 'xem thêm', 'đọc thêm', 'mới nhất', 'tin mới', 'tin mới nhất',
  'đọc nhiều', 'xem nhiều', 'đọc nhiều nhất', 'nổi bật', 'tin nổi bật', 'tiêu điểm', 'đừng bỏ lỡ', 'theo dõi', 'từ khóa', 'từ khoá', 'thẻ',
  'chuyên mục', 'ảnh', 'quay lại', 'trở lại', 'tiếp theo', 'bài trước', 'bài sau', 'thích', 'trả lời', 'gửi', 'hủy', 'đóng', 'xem tiếp',
  'nghe bài viết', 'nghe', 'tải ứng dụng', 'viết bình luận', 'gửi ý kiến', 'ý kiến của bạn', 'bình luận của bạn', 'liên hệ', 'giới thiệu', 'điều khoản sử dụng', 'chính sách bảo mật', 'rss', 'sitemap',
  'bản in', 'góp ý', 'báo lỗi', 'tin tức', 'thời sự', 'video nổi bật', 'podcast', 'emagazine', 'infographic', 'multimedia',
  // zh-Hant / zh-Hans
  '首頁', '首页', '分享', '列印', '打印', '留言', '評論', '评论', '登入', '登錄', '登录', '註冊', '注册', '訂閱', '订阅', '廣告', '广告',
  '回到頂部', '回到顶部', '返回頂部', '返回顶部', '更多', '閱讀更多', '阅读更多', '看更多', '最新', '最新消息', '標籤', '标签', '上一篇',
  '下一篇', '熱門', '热门', '搜尋', '搜索', '關閉', '关闭', '讚', '赞', '推薦', '推荐', '相關標籤', '點我看更多', '点我看更多', '加入好友',
  '追蹤我們', '追踪我们', '分享到', '收藏', '字級', '字级', '友善列印',
  'skip advertisement', 'share full article', 'continue reading', 'continue reading the main story', 'sign up', 'save', 'save article',
]

/** Line beginnings that make a short line navigation or footer ("POWERED BY ...", "Đăng nhập để ..."). */
export const NAVIGATION_PREFIXES: readonly string[] = [
  'powered by', 'copyright', '©', '(c) ', 'all rights reserved', 'bản quyền', 'giấy phép', 'chịu trách nhiệm', 'tổng biên tập', 'phó tổng biên tập',
  'cơ quan chủ quản', 'địa chỉ:', 'điện thoại:', 'hotline', 'email:', 'e-mail:', 'fax:', 'đăng nhập', 'đăng ký nhận', 'đăng ký để',
  'sign in', 'log in', 'login to', 'subscribe to', 'follow us', 'theo dõi chúng tôi', 'theo dõi báo', 'tải ứng dụng', 'download the app',
  'xem thêm:', 'đọc thêm:', 'xem thêm >>', 'read more:', 'read also:', 'see also:', 'tags:', 'tag:', 'từ khóa:', 'từ khoá:', 'chủ đề:',
  '標籤：', '标签：', '版權所有', '版权所有', '延伸閱讀：', '延伸阅读：', '更多新聞', '更多新闻', '看更多', 'we use cookies',
  'chúng tôi sử dụng cookie', 'scroll to continue', 'cuộn xuống để', 'click here', 'bấm vào đây', 'nhấn vào đây', '責任編輯', '责任编辑',
  'sign up for', 'continue reading', 'skip advertisement', 'mời quý độc giả', 'mời bạn đọc',
]

/**
 * Headings of the "related / more articles" boxes. Near the end of a page they start a teaser
 * list that runs to the end; inside the article they head a short box of links.
 */
export const RELATED_HEADINGS: readonly string[] = [
  'bài liên quan', 'tin liên quan', 'bài viết liên quan', 'tin bài liên quan', 'có thể bạn quan tâm', 'bạn có thể quan tâm', 'tin cùng chuyên mục',
  'bài cùng chuyên mục', 'cùng chuyên mục', 'tin khác', 'các tin khác', 'tin mới hơn', 'tin cũ hơn', 'tin đã đưa', 'đọc tiếp', 'đọc nhiều',
  'xem nhiều', 'đừng bỏ lỡ', 'tin mới nhất', 'tin nổi bật', 'tin hay', 'có thể bạn muốn đọc', 'bạn đọc quan tâm', 'tin tiêu điểm',
  'related', 'related articles', 'related stories', 'related news', 'related posts', 'related content', 'related coverage', 'you may also like',
  'you might also like', 'more from', 'more stories', 'more news', 'recommended', 'recommended for you', 'read next', 'more on this story',
  'most read', 'most popular', 'top stories',
  '相關新聞', '相关新闻', '延伸閱讀', '延伸阅读', '相關文章', '相关文章', '推薦閱讀', '推荐阅读', '熱門新聞', '热门新闻', '你可能也喜歡',
  '你可能也喜欢', '猜你喜歡', '猜你喜欢', '相關報導', '相关报道', '更多相關新聞', '最新新聞', '最新新闻', '熱門文章', '热门文章',
]

/** Words for "comments" after a count: "(0) Bình luận", "12 comments", "3則留言". */
export const COMMENT_COUNT =
  /^(?:[([]?\d+[)\]]?\s*(?:bình luận|ý kiến|comments?|replies|則留言|则留言|條留言|条留言|留言|評論|评论)|(?:bình luận|ý kiến|comments?|留言|評論|评论)\s*[([]?\d+[)\]]?)$/iu

/** "3 giờ trước Sự kiện", "2 hours ago", "5分鐘前": teaser timestamps. */
export const RELATIVE_TIME =
  /^(\d+\s*(giây|phút|giờ|ngày|tuần|tháng|năm)\s*trước|\d+\s*(seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago|\d+\s*(秒|分鐘|分钟|小時|小时|天|週|周)前)(\s+\S.{0,30})?$/iu

/** Photo credit inside a caption: "- Ảnh: AFP", "(Photo: Reuters)", "圖／路透社". */
export const PHOTO_CREDIT = /(ảnh|photo|image|picture|credit|nguồn ảnh|圖|图|攝影|摄影)\s*[:：／/]\s*\S/iu

/**
 * Lower-case, NFC, no leading/trailing punctuation, arrows or colons, single spaces: how UI words
 * compare. One scan with the character table instead of the regexes `[\s\u00a0]+` -> ' ' and
 * `^[\s>»›•|·*#\-【「『[]+|[\s:：>»›|·.…▸►→\-】」』\]]+$` -> '' (same result).
 */
export function normaliseUi(line: string): string {
  const lower = line.normalize('NFC').toLowerCase()
  let collapsed = lower
  for (let i = 0; i < lower.length; i += 1) {
    const c = lower.charCodeAt(i)
    if (((CHAR_FLAGS[c] ?? 0) & JS_SPACE) === 0) continue
    if (c !== 32 || ((CHAR_FLAGS[lower.charCodeAt(i + 1)] ?? 0) & JS_SPACE) !== 0) {
      collapsed = collapseSpaces(lower)
      break
    }
  }
  const start = skipForward(collapsed, 0, UI_LEAD)
  const end = skipBackward(collapsed, start, UI_TRAIL)
  return start === 0 && end === collapsed.length ? collapsed.trim() : collapsed.slice(start, end).trim()
}

/** Every run of whitespace as one space. */
function collapseSpaces(text: string): string {
  let out = ''
  let from = 0
  for (let i = 0; i < text.length; i += 1) {
    if (((CHAR_FLAGS[text.charCodeAt(i)] ?? 0) & JS_SPACE) === 0) continue
    const runEnd = skipForward(text, i, JS_SPACE)
    out += `${text.slice(from, i)} `
    from = runEnd
    i = runEnd - 1
  }
  return out + text.slice(from)
}
