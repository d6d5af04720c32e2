"""Invented requests to train and cluster on (never the shared data set)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from shiliu.service_requests.models import Category, ServiceRequest
from shiliu.service_requests.tests.factories import ServiceRequestFactory

LEAKS = [
    "楼上卫生间漏水，天花板一直滴水，物业不来维修", "厨房水管爆裂漏水，请物业尽快维修",
    "电梯坏了一周没人修，物业说没有配件", "楼道的门坏了关不上，物业迟迟不维修",
    "屋顶漏水严重，下雨天家里到处是水，物业推诿", "小区水管漏水，物业维修很慢",
    "外墙渗水导致墙面发霉，找物业维修没有回应", "单元门禁坏了，物业一直不修",
    "楼上漏水把我家吊顶泡坏了，物业不管", "地下室管道漏水积水，请物业维修",
]
LIGHTS = [
    "小区门口的路灯坏了三天，晚上很黑", "人民路的路灯不亮，夜里出行不安全",
    "公园旁边路灯一闪一闪的，请来修理", "学校附近路灯晚上不亮，孩子放学很危险",
    "路灯杆被车撞歪了，灯也不亮了", "桥上的路灯全部不亮已经一周",
    "新修的道路没有装路灯，晚上看不见路", "路灯白天一直亮着浪费电",
    "巷子里的路灯坏了，晚上有人摔倒", "广场路灯不亮，跳舞的居民看不清",
]


LAMP = "幸福小区北门外的路灯坏了两个星期，晚上一片漆黑，老人出门很不安全。"


def requests_about(category: Category, texts: list[str], jurisdiction: Any, **fields: Any) -> list[ServiceRequest]:
    return [ServiceRequestFactory(category=category, description=text, jurisdiction=jurisdiction, **fields)
            for text in texts]


def similar(jurisdiction: Any, category: Category, count: int, *, at: datetime, latitude: float = 30.005,
            longitude: float = 104.005, prefix: str = "") -> list[ServiceRequest]:
    """`count` residents writing about the same broken streetlight, each in their own words."""
    endings = ["", "希望尽快处理。", "请有关部门重视。", "已经反映过多次了。", "谢谢！", "麻烦了。"]
    return [ServiceRequestFactory(
        category=category, jurisdiction=jurisdiction, submitted_at=at, latitude=latitude, longitude=longitude,
        description=f"{prefix}{LAMP}{endings[i % len(endings)]}")
        for i in range(count)]
