"""The server address: checked in Chinese, stored without a password, read back."""

from __future__ import annotations

import pytest

from model.errors import UserError
from model.storage.server_address import parse_stored, server_address


def test_a_typed_address_becomes_a_url_and_is_stored_without_password() -> None:
    address = server_address(" 192.168.1.10 ", "5432", "zhixing", "zhixing")
    assert address.stored == "postgresql+psycopg://zhixing@192.168.1.10:5432/zhixing"
    assert "秘密:@" not in address.stored
    with_password = address.url("秘密:@/x")
    assert with_password.startswith("postgresql+psycopg://zhixing:")
    assert "秘密" not in address.stored
    assert parse_stored(address.stored) == address


@pytest.mark.parametrize(
    ("host", "port", "database", "user", "field"),
    [
        ("", "5432", "zhixing", "zhixing", "host"),
        ("server", "五四三二", "zhixing", "zhixing", "port"),
        ("server", "70000", "zhixing", "zhixing", "port"),
        ("server", "5432", " ", "zhixing", "database"),
        ("server", "5432", "zhixing", "", "user"),
    ],
)
def test_each_missing_or_bad_part_is_named(
    host: str, port: str, database: str, user: str, field: str
) -> None:
    with pytest.raises(UserError) as refused:
        server_address(host, port, database, user)
    assert refused.value.field == field


@pytest.mark.parametrize("text", ["", "sqlite:///x.sqlite", "not a url", "postgresql://"])
def test_nothing_usable_stored_means_the_local_file(text: str) -> None:
    assert parse_stored(text) is None
