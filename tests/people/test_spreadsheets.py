from people.spreadsheets import header_columns

TITLES = {"姓名": "name", "email": "email", "选项A": "option_a"}
REQUIRED = (("name", "姓名"), ("email", "邮箱"))


def test_titles_match_as_written_or_lower_cased_and_blank_cells_are_skipped():
    columns, errors = header_columns([" 姓名 ", None, "Email", "选项A", ""], TITLES, REQUIRED)
    assert columns == {"name": 0, "email": 2, "option_a": 3}
    assert errors == []


def test_every_unknown_and_every_missing_column_is_named_at_row_one():
    columns, errors = header_columns(["名字", "电话", "选项A"], TITLES, REQUIRED)
    assert columns == {"option_a": 2}
    assert errors == ["第 1 行（表头）：无法识别的列：名字、电话。", "第 1 行（表头）：缺少列：姓名、邮箱。"]
