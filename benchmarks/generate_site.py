"""Generate a synthetic content folder for build benchmarks.

Usage:
    python benchmarks/generate_site.py N OUTDIR [--seed S] [--force]

Writes `site.yaml`, `hotlines.yaml` and N Markdown pages in the content format
of DESIGN.md: about 85 % news pages (`tin-tuc/*.md`) and 15 % campaign pages
(`chien-dich/*.md`). Each page holds about 700 words of Vietnamese prose with
headings, two lists, a small table, some bold text, a link to the hotline page
and a mention of the 111 hotline.

The text is synthetic but made of real Vietnamese words and phrases. It never
contains e-mail addresses, phone numbers other than the registered hotlines,
or 9/12-digit runs, so the personal-data check passes. Page i is generated
with `random.Random(seed + i)`: the same N and seed give the same files.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import re
import shutil
import sys
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SEED = 1
CAMPAIGN_SHARE = 0.15
WORDS_MIN = 630
WORDS_MAX = 710
NEWS_DIR = "tin-tuc"
CAMPAIGN_DIR = "chien-dich"
HOTLINE_PAGE = "/duong-day-nong/"
FIRST_DAY = datetime.date(2022, 1, 1)
DAY_SPAN = 3 * 365  # publication dates fall in 2022-2024
# A whitespace-separated token with no letter or digit ("-", "|", "---:").
PUNCTUATION_TOKEN_RE = re.compile(r"(?<!\S)[^\w\s]+(?!\S)")
# Counts that would read as a registered hotline number are avoided.
RESERVED_COUNTS = frozenset({111, 113})

SITE_YAML = """\
# Synthetic site for build benchmarks (benchmarks/generate_site.py).
title: Cổng thông tin Bình đẳng giới và Trẻ em phường Mẫu
locality: Phường Mẫu
featured_hotlines: ["111", "113"]
"""

HOTLINES_YAML = """\
# Synthetic hotline registry for build benchmarks.
- number: "111"
  name: Tổng đài điện thoại quốc gia bảo vệ trẻ em
  description: Miễn phí, 24/7. Tiếp nhận thông tin, thông báo, tố giác hành vi xâm hại trẻ em.
  free: true
  hours: 24/7
- number: "113"
  name: Cảnh sát phản ứng nhanh
  description: Miễn phí. Gọi khi cần lực lượng công an can thiệp khẩn cấp.
  free: true
  hours: 24/7
- number: "1900545559"
  name: Đường dây tư vấn tâm lý và pháp luật cho phụ nữ và trẻ em
  description: Tư vấn về bạo lực gia đình, hôn nhân và nuôi dạy con. Cước theo quy định của nhà mạng.
  free: false
  hours: "7 giờ 30 đến 21 giờ 30 hằng ngày"
- number: "18009069"
  name: Tổng đài tư vấn phòng, chống bạo lực trên cơ sở giới
  description: Miễn phí. Hỗ trợ nạn nhân bạo lực trên cơ sở giới và người thân của họ.
  free: true
  hours: 24/7
"""

ACTORS = (
    "Ủy ban nhân dân phường",
    "UBND phường",
    "Phòng Lao động – Thương binh và Xã hội",
    "Phòng Giáo dục và Đào tạo",
    "Hội Liên hiệp Phụ nữ phường",
    "Đoàn Thanh niên phường",
    "Công an phường",
    "Trạm Y tế phường",
    "Ban giám hiệu nhà trường",
    "đội ngũ giáo viên chủ nhiệm",
    "mạng lưới cộng tác viên bảo vệ trẻ em",
    "các tổ dân phố",
    "Ban đại diện cha mẹ học sinh",
    "Ủy ban Mặt trận Tổ quốc Việt Nam phường",
    "nhân viên công tác xã hội",
    "đội ngũ tình nguyện viên",
    "Hội Khuyến học phường",
    "Đài truyền thanh phường",
)

ACTIONS = (
    "tăng cường tuyên truyền về",
    "phối hợp tổ chức các hoạt động về",
    "chủ động rà soát công tác",
    "đẩy mạnh truyền thông về",
    "tổ chức tập huấn về",
    "nâng cao nhận thức của người dân về",
    "thường xuyên kiểm tra việc thực hiện công tác",
    "lồng ghép nội dung",
    "hướng dẫn học sinh về",
    "quan tâm hơn nữa đến công tác",
    "triển khai đồng bộ các giải pháp về",
    "duy trì hiệu quả mô hình",
    "vận động các gia đình cùng thực hiện",
    "huy động nguồn lực xã hội cho công tác",
)

TOPICS = (
    "phòng, chống xâm hại trẻ em",
    "phòng, chống đuối nước cho trẻ em",
    "phòng ngừa tai nạn thương tích cho trẻ em",
    "quyền và bổn phận của trẻ em",
    "an toàn cho trẻ em trên không gian mạng",
    "bình đẳng giới trong gia đình",
    "phòng, chống bạo lực học đường",
    "phòng, chống bạo lực gia đình",
    "chăm sóc dinh dưỡng cho trẻ em dưới 5 tuổi",
    "chăm sóc sức khỏe tâm thần cho học sinh",
    "an toàn giao thông trước cổng trường",
    "trợ giúp trẻ em có hoàn cảnh đặc biệt",
    "phòng, chống lao động trẻ em",
    "xây dựng ngôi nhà an toàn cho trẻ nhỏ",
    "giáo dục kỹ năng sống cho học sinh tiểu học",
    "xây dựng sân chơi an toàn, lành mạnh cho trẻ em",
    "phòng ngừa tảo hôn",
    "giáo dục giới tính phù hợp với lứa tuổi",
    "thúc đẩy quyền được tham gia của trẻ em",
    "phòng, chống mua bán người",
)

COMPLEMENTS = (
    "trong dịp hè",
    "ngay từ đầu năm học mới",
    "tại các khu dân cư",
    "theo đúng kế hoạch đã đề ra",
    "một cách thiết thực và hiệu quả",
    "với sự tham gia của cả cộng đồng",
    "nhằm bảo đảm mọi trẻ em được lớn lên an toàn",
    "để không trẻ em nào bị bỏ lại phía sau",
    "trên địa bàn phường",
    "tại các trường mầm non và tiểu học",
    "trong các buổi sinh hoạt tổ dân phố",
    "qua hệ thống loa truyền thanh",
    "gắn với phong trào thi đua của địa phương",
    "trong suốt tháng hành động",
    "phù hợp với từng độ tuổi",
    "với nhiều hình thức sinh động, gần gũi",
)

RESULTS = (
    "bước đầu mang lại chuyển biến tích cực",
    "được người dân đồng tình hưởng ứng",
    "góp phần giảm rõ rệt số vụ việc đáng tiếc",
    "tạo sự lan tỏa mạnh mẽ trong cộng đồng",
    "giúp các em tự tin hơn khi gặp tình huống nguy hiểm",
    "nhận được nhiều phản hồi tích cực từ phụ huynh",
    "góp phần xây dựng môi trường sống an toàn cho trẻ em",
    "giúp nhiều gia đình thay đổi cách nuôi dạy con",
)

PERIODS = (
    "năm học vừa qua",
    "sáu tháng đầu năm",
    "quý vừa qua",
    "đợt cao điểm hè",
    "tháng hành động vì trẻ em",
    "thời gian qua",
    "những tháng cuối năm",
)

ADVICE = (
    "dành thời gian trò chuyện với con mỗi ngày",
    "lắng nghe và tôn trọng ý kiến của trẻ",
    "không để trẻ chơi một mình gần ao, hồ, sông, suối",
    "theo dõi thời gian và nội dung trẻ sử dụng mạng xã hội",
    "dạy trẻ biết nói “không” với những hành vi đụng chạm không phù hợp",
    "giữ liên lạc thường xuyên với giáo viên chủ nhiệm",
    "làm gương cho con trong ứng xử hằng ngày",
    "không dùng bạo lực để giáo dục con",
    "cho trẻ học bơi và học kỹ năng an toàn dưới nước",
    "cất giữ thuốc và hóa chất ngoài tầm với của trẻ",
    "đội mũ bảo hiểm đúng cách cho trẻ khi ngồi trên xe máy",
    "chia sẻ việc nhà công bằng giữa con trai và con gái",
    "khen ngợi và động viên khi con làm được việc tốt",
    "biết rõ con đi đâu, đi với ai và khi nào về",
)

DANGERS = (
    "trẻ em bị xâm hại hoặc có nguy cơ bị xâm hại",
    "dấu hiệu bạo lực trong gia đình",
    "trẻ em bị bỏ rơi hoặc lang thang",
    "trẻ bị bắt nạt trên mạng",
    "hành vi mua bán, bóc lột trẻ em",
    "trẻ em phải lao động nặng nhọc",
    "trẻ có biểu hiện sợ hãi, thu mình bất thường",
)

BENEFITS = (
    "được hỗ trợ học bổng",
    "được khám sàng lọc sức khỏe miễn phí",
    "được tham gia lớp học bơi an toàn",
    "được tặng quà nhân dịp Tết Trung thu",
    "được tư vấn tâm lý",
    "được cấp thẻ bảo hiểm y tế",
    "được hỗ trợ chăm sóc thay thế",
    "được tập huấn kỹ năng phòng tránh xâm hại",
)

PLACES = (
    "tại nhà văn hóa khu phố",
    "tại Trường Tiểu học Lê Lợi",
    "tại Trường Trung học cơ sở Quang Trung",
    "tại sân chơi của tổ dân phố",
    "tại hội trường Ủy ban nhân dân phường",
    "tại các điểm sinh hoạt hè",
    "tại Trường Mầm non Hoa Sen",
)

EVENTS = (
    "buổi nói chuyện chuyên đề",
    "hội thi tìm hiểu về quyền trẻ em",
    "diễn đàn trẻ em",
    "lớp tập huấn kỹ năng",
    "ngày hội gia đình hạnh phúc",
    "buổi đối thoại giữa lãnh đạo phường và trẻ em",
    "chương trình văn nghệ tuyên truyền",
)

INDICATORS = (
    "trẻ em dưới 6 tuổi được cấp thẻ bảo hiểm y tế",
    "trẻ em có hoàn cảnh đặc biệt được trợ giúp",
    "trẻ em dưới 1 tuổi được tiêm chủng đầy đủ",
    "trường học đạt tiêu chuẩn an toàn",
    "hộ gia đình được tuyên truyền trực tiếp",
    "trẻ em được đăng ký khai sinh đúng hạn",
)

COMPARISONS = (
    "tăng so với cùng kỳ năm trước",
    "vượt chỉ tiêu kế hoạch đề ra",
    "cao hơn mức bình quân của quận",
    "cơ bản hoàn thành mục tiêu năm",
)

CONNECTORS = (
    "Bên cạnh đó,",
    "Đồng thời,",
    "Ngoài ra,",
    "Cùng với đó,",
    "Đặc biệt,",
    "Trong thời gian tới,",
)

TITLE_OPENERS = (
    "Tăng cường",
    "Đẩy mạnh",
    "Chung tay",
    "Nâng cao hiệu quả",
    "Triển khai",
    "Tập huấn",
    "Ra quân",
    "Tuyên truyền",
    "Lan tỏa",
    "Nhiều hoạt động thiết thực về",
)

TITLE_TAILS = (
    "",
    " trên địa bàn phường",
    " trong dịp hè",
    " ngay từ đầu năm học",
    " tại các khu dân cư",
    " với sự vào cuộc của cả cộng đồng",
)

CAMPAIGN_NAMES = (
    "Tháng hành động vì trẻ em",
    "Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới",
    "Chiến dịch phòng, chống đuối nước trẻ em mùa hè",
    "Tuần lễ tuyên truyền an toàn cho trẻ em trên không gian mạng",
    "Chiến dịch ngôi nhà an toàn, phòng chống tai nạn thương tích trẻ em",
    "Đợt cao điểm tuyên truyền phòng, chống xâm hại trẻ em",
    "Tháng cao điểm phòng, chống bạo lực gia đình",
)

CAMPAIGN_THEMES = (
    "Hành động thiết thực, ưu tiên nguồn lực cho trẻ em",
    "Chung tay xây dựng môi trường sống an toàn, lành mạnh cho trẻ em",
    "Thúc đẩy bình đẳng giới, chấm dứt bạo lực trên cơ sở giới",
    "Mỗi gia đình là một ngôi nhà an toàn",
    "Lắng nghe trẻ em, hành động vì trẻ em",
    "Không để trẻ em nào bị bỏ lại phía sau",
)

SECTION_HEADINGS = (
    "Bối cảnh và mục tiêu",
    "Những kết quả bước đầu",
    "Vai trò của nhà trường",
    "Sự tham gia của cộng đồng",
    "Hoạt động trong thời gian tới",
    "Những điều trẻ em cần biết",
    "Kinh nghiệm từ các khu phố",
)

LIST_HEADINGS = (
    "Khuyến cáo dành cho cha mẹ",
    "Kỹ năng an toàn cho trẻ",
    "Gia đình có thể làm gì",
)

TABLE_HEADINGS = (
    "Số liệu nổi bật",
    "Kết quả thực hiện",
    "Một số con số đáng chú ý",
)

HELP_HEADINGS = (
    "Khi cần hỗ trợ",
    "Gọi ngay khi phát hiện nguy cơ",
    "Đường dây nóng luôn sẵn sàng",
)

STEPS = (
    "Bình tĩnh trấn an trẻ và đưa trẻ đến nơi an toàn",
    "Gọi Tổng đài 111 hoặc báo ngay cho công an phường",
    "Không tự ý hỏi dồn dập hay đổ lỗi cho trẻ",
    "Giữ nguyên hiện trường và những đồ vật liên quan",
    "Thông báo cho cộng tác viên bảo vệ trẻ em tại khu phố",
    "Đưa trẻ đến cơ sở y tế gần nhất nếu trẻ bị thương",
    "Phối hợp với cơ quan chức năng trong quá trình hỗ trợ trẻ",
)

TABLE_ACTIVITIES = (
    "Tuyên truyền tại tổ dân phố",
    "Tập huấn cho cha mẹ",
    "Sinh hoạt chuyên đề ở trường học",
    "Thăm hỏi trẻ em có hoàn cảnh khó khăn",
    "Lớp học bơi an toàn",
    "Phát thanh trên loa phường",
    "Diễn đàn trẻ em",
)

TABLE_HEADER = ("Hoạt động", "Số người tham gia", "Kết quả")


@dataclass(frozen=True)
class GeneratedPage:
    """One generated page: its path relative to the content folder and its text."""

    relative_path: str
    text: str


def count_words(text: str) -> int:
    """Count written words: whitespace-separated tokens that hold a letter or digit."""
    return len(text.split()) - len(PUNCTUATION_TOKEN_RE.findall(text))


def slugify(text: str) -> str:
    """Return an ASCII slug: diacritics removed, đ → d, other runs → '-'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def capitalize_first(text: str) -> str:
    """Upper-case the first character only (keeps proper nouns intact)."""
    return text[:1].upper() + text[1:]


def quote_yaml(text: str) -> str:
    """Return a YAML scalar for text: plain when safe, else double-quoted."""
    plain_safe = (
        text
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and text[0] not in "-?:,[]{}#&*!|>'\"%@`“"
        and not text[0].isdigit()
    )
    return text if plain_safe else json.dumps(text, ensure_ascii=False)


def draw_count(rng: random.Random, low: int = 12, high: int = 980) -> int:
    """Draw a count that cannot be mistaken for a hotline number."""
    while True:
        value = rng.randint(low, high)
        if value not in RESERVED_COUNTS:
            return value


def emphasize(rng: random.Random, phrase: str) -> str:
    """Occasionally wrap a phrase in Markdown bold."""
    return f"**{phrase}**" if rng.random() < 0.08 else phrase


def compose_sentence(rng: random.Random) -> str:
    """Compose one Vietnamese sentence from the vocabulary."""
    form = rng.randrange(8)
    if form == 0:
        return (
            f"{capitalize_first(rng.choice(ACTORS))} {rng.choice(ACTIONS)} "
            f"{emphasize(rng, rng.choice(TOPICS))} {rng.choice(COMPLEMENTS)}."
        )
    if form == 1:
        return (
            f"Trong {rng.choice(PERIODS)}, {rng.choice(ACTORS)} đã {rng.choice(ACTIONS)} "
            f"{rng.choice(TOPICS)}, {rng.choice(RESULTS)}."
        )
    if form == 2:
        return (
            f"Cha mẹ và người chăm sóc trẻ cần {emphasize(rng, rng.choice(ADVICE))}, "
            f"đồng thời {rng.choice(ADVICE)}."
        )
    if form == 3:
        return (
            f"{rng.choice(CONNECTORS)} {rng.choice(ACTORS)} sẽ {rng.choice(ACTIONS)} "
            f"{rng.choice(TOPICS)} {rng.choice(COMPLEMENTS)}."
        )
    if form == 4:
        day = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAY_SPAN))
        return (
            f"Ngày {day.day:02d}/{day.month}/{day.year}, {rng.choice(ACTORS)} đã tổ chức "
            f"{rng.choice(EVENTS)} {rng.choice(PLACES)}, thu hút đông đảo phụ huynh và học sinh tham dự."
        )
    if form == 5:
        return (
            f"Tỷ lệ {rng.choice(INDICATORS)} đạt {rng.randint(82, 99)}%, "
            f"{rng.choice(COMPARISONS)}."
        )
    if form == 6:
        return (
            f"Việc {rng.choice(TOPICS)} không chỉ là trách nhiệm của {rng.choice(ACTORS)} "
            f"mà còn cần sự chung tay của mỗi gia đình và toàn xã hội."
        )
    return (
        f"Nhiều ý kiến cho rằng cần {rng.choice(ACTIONS)} {rng.choice(TOPICS)} "
        f"{rng.choice(COMPLEMENTS)}, vì đây là cách {rng.choice(RESULTS)}."
    )


def compose_paragraph(rng: random.Random, sentences: int) -> str:
    """Compose a paragraph of the given number of sentences."""
    return " ".join(compose_sentence(rng) for _ in range(sentences))


def compose_count_sentence(rng: random.Random) -> str:
    """A sentence with a count of children, e.g. '105 trẻ em được …'."""
    total = draw_count(rng)
    return (
        f"Theo số liệu tổng hợp, đã có {total} trẻ em {rng.choice(BENEFITS)} "
        f"{rng.choice(PLACES)}, trong đó có {draw_count(rng, 3, total // 3)} em thuộc hộ nghèo."
    )


def compose_help_paragraph(rng: random.Random) -> str:
    """The paragraph that sends readers to the hotlines."""
    return (
        f"Khi phát hiện {rng.choice(DANGERS)}, người dân hãy gọi Tổng đài 111 "
        f"để được tư vấn và hỗ trợ kịp thời; cuộc gọi hoàn toàn miễn phí và được giữ bí mật. "
        f"Danh sách đầy đủ các số điện thoại hỗ trợ có tại trang "
        f"[đường dây nóng]({HOTLINE_PAGE})."
    )


def render_bullet_list(rng: random.Random) -> str:
    """A bulleted list of advice items."""
    items = rng.sample(ADVICE, rng.randint(4, 6))
    return "\n".join(f"- {capitalize_first(item)}." for item in items)


def render_numbered_list(rng: random.Random) -> str:
    """A numbered list of steps to take."""
    items = rng.sample(STEPS, rng.randint(3, 5))
    return "\n".join(f"{number}. {item}." for number, item in enumerate(items, start=1))


def render_table(rng: random.Random) -> str:
    """A 3-column table with a header row and 4 body rows."""
    lines = [
        "| " + " | ".join(TABLE_HEADER) + " |",
        "| --- | ---: | --- |",
    ]
    for activity in rng.sample(TABLE_ACTIVITIES, 4):
        outcome = rng.choice(("Hoàn thành", f"Đạt {rng.randint(85, 99)}%", "Vượt kế hoạch"))
        lines.append(f"| {activity} | {draw_count(rng)} người | {outcome} |")
    return "\n".join(lines)


def compose_body(rng: random.Random) -> str:
    """Compose a page body of about 700 words with headings, lists and a table."""
    target = rng.randint(WORDS_MIN, WORDS_MAX)
    intro = [compose_paragraph(rng, 3)]
    list_section = [
        compose_paragraph(rng, 2),
        render_bullet_list(rng),
    ]
    table_section = [compose_count_sentence(rng) + " " + compose_paragraph(rng, 1), render_table(rng)]
    help_section = [compose_help_paragraph(rng), render_numbered_list(rng)]
    middle_count = rng.randint(0, 2)  # 3-5 headings in all
    middle_sections = [[] for _ in range(middle_count)]
    fixed = intro + list_section + table_section + help_section
    used = sum(count_words(block) for block in fixed)
    fillable = [intro, list_section, *middle_sections, table_section]
    turn = 0
    while used < target:
        # Close with single sentences so the page ends near the target.
        sentences = rng.randint(2, 4) if target - used > 120 else 1
        paragraph = compose_paragraph(rng, sentences)
        section = fillable[turn % len(fillable)]
        section.insert(len(section) - 1 if section is table_section else len(section), paragraph)
        used += len(paragraph.split())  # prose: every token is a word
        turn += 1
    middle_titles = rng.sample(SECTION_HEADINGS, middle_count)
    blocks = list(intro)
    blocks.append("## " + rng.choice(LIST_HEADINGS))
    blocks.extend(list_section)
    for title, section in zip(middle_titles, middle_sections):
        blocks.append(rng.choice(("## ", "### ")) + title)
        blocks.extend(section)
    blocks.append("### " + rng.choice(TABLE_HEADINGS))
    blocks.extend(table_section)
    blocks.append("## " + rng.choice(HELP_HEADINGS))
    blocks.extend(help_section)
    return "\n\n".join(blocks) + "\n"


def compose_summary(rng: random.Random) -> str:
    """A one-sentence summary for the front matter."""
    return (
        f"{capitalize_first(rng.choice(ACTORS))} {rng.choice(ACTIONS)} "
        f"{rng.choice(TOPICS)} {rng.choice(COMPLEMENTS)}, {rng.choice(RESULTS)}."
    )


def generate_news_page(index: int, seed: int, broadcast: bool = True) -> GeneratedPage:
    """Generate news page number index."""
    rng = random.Random(seed + index)
    title = f"{rng.choice(TITLE_OPENERS)} {rng.choice(TOPICS)}{rng.choice(TITLE_TAILS)}"
    date = FIRST_DAY + datetime.timedelta(days=rng.randrange(DAY_SPAN))
    front = "\n".join((
        "---",
        f"title: {quote_yaml(title)}",
        f"date: {date.isoformat()}",
        f"summary: {quote_yaml(compose_summary(rng))}",
        "topics: []",
        'hotlines: ["111"]',
        "draft: false",
        *(() if broadcast else ("broadcast: false",)),
        "---",
    ))
    name = f"{slugify(title)}-{index:05d}.md"
    return GeneratedPage(f"{NEWS_DIR}/{name}", f"{front}\n\n{compose_body(rng)}")


def generate_campaign_page(index: int, seed: int, broadcast: bool = True) -> GeneratedPage:
    """Generate campaign page number index."""
    rng = random.Random(seed + index)
    year = rng.choice((2022, 2023, 2024))
    title = f"{rng.choice(CAMPAIGN_NAMES)} năm {year}"
    start = datetime.date(year, rng.randint(1, 11), rng.randint(1, 28))
    end = start + datetime.timedelta(days=rng.randint(14, 45))
    front = "\n".join((
        "---",
        f"title: {quote_yaml(title)}",
        f"theme: {quote_yaml(rng.choice(CAMPAIGN_THEMES))}",
        f"start: {start.isoformat()}",
        f"end: {end.isoformat()}",
        f"summary: {quote_yaml(compose_summary(rng))}",
        'hotlines: ["111", "113"]',
        *(() if broadcast else ("broadcast: false",)),
        "---",
    ))
    name = f"{slugify(title)}-{index:05d}.md"
    return GeneratedPage(f"{CAMPAIGN_DIR}/{name}", f"{front}\n\n{compose_body(rng)}")


def generate_pages(count: int, seed: int, broadcast: bool = True) -> list[GeneratedPage]:
    """Generate count pages: the first ~85 % news, the rest campaigns."""
    campaigns = round(count * CAMPAIGN_SHARE)
    news = count - campaigns
    pages = [generate_news_page(index, seed, broadcast) for index in range(news)]
    pages += [generate_campaign_page(index, seed, broadcast) for index in range(news, count)]
    return pages


def clear_generated(outdir: Path) -> None:
    """Remove what an earlier run of this generator wrote into outdir."""
    for name in (NEWS_DIR, CAMPAIGN_DIR):
        if (outdir / name).is_dir():
            shutil.rmtree(outdir / name)
    for name in ("site.yaml", "hotlines.yaml"):
        (outdir / name).unlink(missing_ok=True)


def write_site(count: int, outdir: Path, seed: int = DEFAULT_SEED, broadcast: bool = True) -> list[GeneratedPage]:
    """Write site.yaml, hotlines.yaml and count pages into outdir."""
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / NEWS_DIR).mkdir(exist_ok=True)
    (outdir / CAMPAIGN_DIR).mkdir(exist_ok=True)
    (outdir / "site.yaml").write_text(SITE_YAML, encoding="utf-8", newline="\n")
    (outdir / "hotlines.yaml").write_text(HOTLINES_YAML, encoding="utf-8", newline="\n")
    pages = generate_pages(count, seed, broadcast)
    for page in pages:
        (outdir / page.relative_path).write_text(page.text, encoding="utf-8", newline="\n")
    return pages


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description="Generate a synthetic content folder for benchmarks.")
    parser.add_argument("count", type=int, metavar="N", help="number of Markdown pages")
    parser.add_argument("outdir", type=Path, metavar="OUTDIR", help="content folder to write")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument(
        "--no-broadcast", action="store_true",
        help="mark every page broadcast: false (no loudspeaker scripts), to time the rest of the build",
    )
    parser.add_argument(
        "--force", action="store_true",
        help="if OUTDIR is not empty, delete the files a previous run wrote there first",
    )
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("N must be 0 or more")
    return args


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    args = parse_args(argv)
    outdir: Path = args.outdir
    if outdir.exists() and any(outdir.iterdir()):
        if not args.force:
            print(f"error: {outdir} is not empty; use --force to replace generated files", file=sys.stderr)
            return 2
        clear_generated(outdir)
    started = time.perf_counter()
    pages = write_site(args.count, outdir, args.seed, broadcast=not args.no_broadcast)
    elapsed = time.perf_counter() - started
    print(f"wrote {len(pages)} pages to {outdir} in {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
