"""The clustering itself, on plain items: similar texts near each other join, the rest do not."""

from __future__ import annotations

from shiliu.insights.clustering import Item, clusters, vectors

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


def test_a_request_without_a_point_joins_the_same_streets_requests_with_one() -> None:
    items = [Item(1, LAMP, "a", 30.0, 104.0), Item(2, LAMP + "，请尽快修", "a", 30.001, 104.001),
             Item(3, "请尽快修：" + LAMP, "a"), Item(4, LAMP, "b")]

    assert [sorted(c.keys) for c in clusters(items)] == [[1, 2, 3]]


def test_many_copies_of_one_complaint_are_one_cluster_whose_representative_most_resemble() -> None:
    endings = ["", "，请尽快修", "，谢谢", "，盼复", "，已经反映多次"]
    items = [Item(i, f"{LAMP}{endings[i % 5]}{'！' * (i % 3)}", "a", 30.0 + i % 7 / 1e4, 104.0)
             for i in range(3_000)]
    items.append(Item(3_000, "楼上漏水，物业一直不来维修，天花板滴水", "a", 30.0, 104.0))

    found = clusters(items)

    assert [len(c.keys) for c in found] == [3_000]
    assert found[0].links[found[0].representative] == max(found[0].links.values()) > 0


def test_a_text_with_a_nul_in_it_leaves_the_other_texts_vectors_alone() -> None:
    matrix = vectors([LAMP, "路灯\x00坏了", LAMP, "楼上漏水"])

    assert (matrix[0] != matrix[2]).nnz == 0
    assert abs((matrix[0] @ matrix[2].T).toarray()[0, 0] - 1) < 1e-5
