"""Tests of the Roughtime protocol, RFC 10049 and draft version 0x8000000c."""
