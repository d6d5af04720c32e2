from __future__ import annotations

import pytest

from shiliu.core.masking import mask_address, mask_id_number, mask_name, mask_phone


@pytest.mark.parametrize(("value", "masked"), [
    ("13812341234", "138****1234"),
    ("028-12345678", "028*****5678"),
    ("", ""),
    ("12345", "*****"),
])
def test_phone_numbers_show_first_three_and_last_four(value: str, masked: str) -> None:
    assert mask_phone(value) == masked


def test_id_numbers_show_first_four_and_last_four() -> None:
    assert mask_id_number("450102199001011234") == "4501**********1234"
    assert mask_id_number("45010219900101123X") == "4501**********123X"


@pytest.mark.parametrize(("value", "masked"), [("张三丰", "张**"), ("王芳", "王**"), ("阿依古丽", "阿**"), ("", "")])
def test_names_keep_the_first_character_only(value: str, masked: str) -> None:
    assert mask_name(value) == masked


@pytest.mark.parametrize(("value", "masked"), [
    ("团结路 12 号 3 栋 2 单元", "团结路***"),
    ("同心社区幸福小区3栋", "同心社区***"),
    ("成都市武侯区团结街道同心社区5栋", "成都市武侯区团结街道同心社区***"),
    ("光华大道一段1680号", "光华大道***"),
    ("3栋2单元楼道", "***"),
    ("幸福小区", "***"),
    ("团结路", "团结路"),
    ("", ""),
])
def test_addresses_are_cut_to_their_road_or_community(value: str, masked: str) -> None:
    assert mask_address(value) == masked
