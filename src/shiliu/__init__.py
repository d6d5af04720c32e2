"""Shiliu (石榴): an open platform for city community-service work."""

__version__ = "0.1.0"
