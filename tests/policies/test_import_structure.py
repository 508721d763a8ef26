"""Structure of an imported document: numbered sections 1、/一、 become
items (with anchors on the page), lettered A、B、 and numbered 1)、2)、 and
(一)(二) clauses each go on a line of their own; where the source's own
order is broken the warning says so, with the line."""
from policies.blocks import PolicyBodyBlock
from policies.importing import parse_text
from policies.numbering import number_blocks

SHUFFLED = (
    "售后培训管理办法\n"  # line 1
    "1、目的\n提升售后人员技能。\n"  # 2-3
    "2、适用范围\n全体售后人员。\n"  # 4-5
    "4、培训考核\nA、笔试:80分下为不合格;B、实操:由售后部考核;\n"  # 6-7
    "3、权责\n1)、人资部:组织培训;2)、售后部:执行培训;\n"  # 8-9
)


def parsed(text):
    (document,) = parse_text(text).documents
    return document


def test_a_shuffled_document_keeps_its_sections_as_items_in_the_source_order():
    document = parsed(SHUFFLED)
    items = [block for block in document.blocks if block.kind == "item"]
    assert [item.title for item in items] == ["目的", "适用范围", "培训考核", "权责"]
    assert items[2].text.split("\n") == ["A、笔试:80分下为不合格;", "B、实操:由售后部考核;"]
    assert items[3].text.split("\n") == ["1)、人资部:组织培训;", "2)、售后部:执行培训;"]


def test_each_break_in_the_source_order_is_a_warning_with_its_line():
    warnings = [str(w) for w in parsed(SHUFFLED).findings("order")]
    assert warnings[0] == "第 6 行：编号事项编号不连续：第二之后是第四，可能漏掉了内容或原文顺序错乱。"
    assert warnings[1] == "第 8 行：编号事项编号倒退：第四之后是第三，原文顺序错乱。"
    assert "已按原文出现的顺序导入并重新编号，请对照原文在编辑页调整顺序" in warnings[2]


def test_a_document_in_order_has_no_order_warning():
    ordered = SHUFFLED.replace("4、培训考核", "X、培训考核").replace("3、权责", "4、权责").replace("X、", "3、")
    assert parsed(ordered).findings("order") == []


def test_the_items_get_generated_numbers_and_anchors_on_the_page():
    stream = PolicyBodyBlock().to_python([
        {"type": kind, "value": value} for kind, value in parsed(SHUFFLED).stream()
    ])
    items = [part for part in number_blocks(stream) if part["type"] == "item"]
    assert [(i["label"], i["anchor"]) for i in items] == [
        ("一、", "item-0-1"), ("二、", "item-0-2"), ("三、", "item-0-3"), ("四、", "item-0-4"),
    ]


def test_a_second_regulation_glued_on_is_reported_at_the_line_it_starts():
    text = "值班管理规定\n第一条值班须交接。\n第二条值班须记录。\n安全检查要点\n第一条每月检查。\n"
    (warning,) = parsed(text).findings("order")
    assert warning.line == 5 and "可能是两篇文件连在一起" in str(warning)


def test_bracketed_clauses_go_on_lines_of_their_own_in_an_article():
    document = parsed("考勤管理制度\n第一条迟到处理:(一)首次口头警告;(二)再次书面警告。\n第二条本制度自发布之日起执行。\n")
    (first, _second) = [block for block in document.blocks if block.kind == "article"]
    assert first.text.split("\n") == ["迟到处理:", "(一)首次口头警告;", "(二)再次书面警告。"]
