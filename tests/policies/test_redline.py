"""Word-level redline for Chinese text."""
from policies.redline import diff_words, redline


def part(label, text, kind="article"):
    return {"type": kind, "label": label, "anchor": label, "title": "", "text": text, "plain": text}


def test_one_character_change_is_one_small_mark():
    html = diff_words("培训不合格者须补考。", "培训不合格者可补考。")
    assert html == "培训不合格者<del>须</del><ins>可</ins>补考。"


def test_inserted_words_are_marked_as_words_not_the_whole_clause():
    html = diff_words("受训人员应参加书面考试。", "受训人员应参加书面考试和实际操作考核。")
    assert html.count("<ins>") == 1
    assert "受训人员应参加书面考试" in html.replace("<ins>", "|").split("|")[0]
    assert "<ins>和实际操作考核</ins>" in html


def test_text_is_escaped():
    html = diff_words("<b>旧</b>", "<b>新</b>")
    assert "<b>" not in html and "&lt;b&gt;" in html


def test_added_and_removed_articles_are_rows_of_their_own():
    old = [part("第一条", "总则。"), part("第二条", "旧条款。")]
    new = [part("第一条", "总则。"), part("第二条", "全新的第二条。"), part("第三条", "新增条款。")]
    rows = redline(old, new)
    statuses = [r["status"] for r in rows]
    assert statuses[0] == "same"
    assert "added" in statuses
    assert sum(1 for s in statuses if s in ("changed", "added", "removed")) == 2


def test_a_changed_number_is_marked_whole():
    assert diff_words("每日不少于 25 小时。", "每日不少于 20 小时。") == "每日不少于 <del>25</del><ins>20</ins> 小时。"
    assert diff_words("第105号", "第125号") == "第<del>105</del><ins>125</ins>号"
