"""The program's version, shown in 关于 and written into backups and packages."""

VERSION = "0.1.0"
