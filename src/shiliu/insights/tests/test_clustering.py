"""The clustering itself, on plain items: similar texts near each other join, the rest do not."""

from __future__ import annotations

from shiliu.insights.clustering import Item, clusters

LAMP = "幸福小区北门外的路灯坏了两个星期，晚上一片漆黑，老人出门很不安全"


def test_similar_texts_in_one_place_form_one_cluster_with_a_representative() -> None:
    items = [Item(1, LAMP, "a"), Item(2, LAMP + "，请尽快修", "a"), Item(3, "请尽快修：" + LAMP, "a"),
             Item(4, "楼上漏水，物业一直不来维修，天花板滴水", "a"), Item(5, "菜市场门口垃圾堆积发臭", "a")]

    found = clusters(items)

    assert [sorted(c.keys) for c in found] == [[1, 2, 3]]
    assert found[0].representative in {1, 2, 3}


def test_other_streets_and_distant_points_are_kept_apart() -> None:
    items = [Item(1, LAMP, "a"), Item(2, LAMP, "b"),
             Item(3, LAMP, "c", 30.0, 104.0), Item(4, LAMP, "c", 30.0, 104.005), Item(5, LAMP, "c", 30.1, 104.1)]

    assert [sorted(c.keys) for c in clusters(items)] == [[3, 4]]


def test_too_few_items_make_no_cluster() -> None:
    assert clusters([Item(1, LAMP, "a")]) == []
    assert clusters([Item(1, "甲乙", "a"), Item(2, "丙丁", "a")]) == []
