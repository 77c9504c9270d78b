from briefing.compose import chinese_number, heading_label
from briefing.text import clean, make_text


def test_yaml_lines_join_without_spurious_spaces():
    assert clean("今年以来，我市\n  科技系统 R&D 支出\n 257.4亿元") == "今年以来，我市科技系统R&D支出257.4亿元"
    assert clean("Google  Chrome\nbrowser") == "Google Chrome browser"
    assert clean("走进科技\u3000你我同行") == "走进科技\u3000你我同行"


def test_ascii_punctuation_in_chinese_becomes_full_width_numbers_untouched():
    assert clean("本单位(处室)2023年,力争;注:好") == "本单位（处室）2023年，力争；注：好"
    assert clean("2,437家 14.2%") == "2,437家14.2%"


def test_placeholders_show_their_text_and_are_listed():
    text = make_text("{待定：榕科〔2023〕×号}", None)
    assert text.value == "榕科〔2023〕×号"
    assert text.placeholders == ("榕科〔2023〕×号",)


def test_heading_numbers():
    assert [heading_label(1, n) for n in (1, 2, 10, 11, 23)] == ["一、", "二、", "十、", "十一、", "二十三、"]
    assert heading_label(2, 7) == "（七）" and heading_label(3, 12) == "12." and heading_label(4, 3) == "（3）"
    assert [chinese_number(n) for n in (99, 100, 105, 110, 123, 1001)] == [
        "九十九", "一百", "一百零五", "一百一十", "一百二十三", "一千零一"]
