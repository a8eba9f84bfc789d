"""A PostgreSQL server's address as the office types it, and as SQLAlchemy needs it.

The password is never part of what is stored: the window keeps the address without it
and asks for the password at each start.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from model.errors import UserError

DEFAULT_PORT = 5432


@dataclass(frozen=True)
class ServerAddress:
    """主机、端口、数据库、用户 of a PostgreSQL server."""

    host: str
    port: int
    database: str
    user: str

    def url(self, password: str | None = None) -> str:
        """The connection URL; with the password only when one is given."""
        return URL.create(
            "postgresql+psycopg",
            username=self.user,
            password=password or None,
            host=self.host,
            port=self.port,
            database=self.database,
        ).render_as_string(hide_password=False)

    @property
    def stored(self) -> str:
        """The form kept in the settings: no password, ever."""
        return self.url()


def server_address(host: str, port: str | int, database: str, user: str) -> ServerAddress:
    """Check what was typed; a Chinese ``UserError`` naming the field otherwise."""
    host, database, user = host.strip(), database.strip(), user.strip()
    if not host:
        raise UserError("请填写服务器地址（例如 192.168.1.10）。", field="host")
    try:
        number = int(str(port).strip() or DEFAULT_PORT)
    except ValueError:
        raise UserError("端口必须是数字，通常为 5432。", field="port") from None
    if not 0 < number < 65536:
        raise UserError("端口必须在 1 到 65535 之间，通常为 5432。", field="port")
    if not database:
        raise UserError("请填写数据库名称（例如 zhixing）。", field="database")
    if not user:
        raise UserError("请填写登录数据库的用户名（例如 zhixing）。", field="user")
    address = ServerAddress(host, number, database, user)
    # What is kept must read back as the same server, or the next start would quietly
    # fall back to the local file (a host "/" or "a@b" makes an address nobody can use).
    if parse_stored(address.stored) != address:
        raise UserError(
            f"服务器地址“{host}”、数据库“{database}”或用户名“{user}”中有不能用于地址的字符"
            "（如 / @ : ? # 或空格）。请填写服务器的 IP 地址或计算机名。",
            field="host",
        )
    return address


def parse_stored(text: str) -> ServerAddress | None:
    """The address kept in the settings, or None when there is none (or it is unusable)."""
    if not text:
        return None
    try:
        url = make_url(text)
    except ArgumentError:
        return None
    if not url.drivername.startswith("postgresql") or not url.host or not url.database:
        return None
    return ServerAddress(url.host, url.port or DEFAULT_PORT, url.database, url.username or "")
