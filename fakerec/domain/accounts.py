"""Accounts, their API keys and recording settings: who may call, and where media goes."""

from __future__ import annotations

from typing import Any

from fakerec.errors import UsageError
from fakerec.sids import SidGenerator


class RecordingSettings:
    """The account's /v1/RecordingSettings/Default: external S3 storage and encryption."""

    __slots__ = (
        "aws_credentials_sid",
        "aws_s3_url",
        "aws_storage_enabled",
        "encryption_enabled",
        "encryption_key_sid",
        "friendly_name",
    )

    def __init__(self) -> None:
        self.friendly_name: str | None = None
        self.aws_credentials_sid: str | None = None
        self.aws_s3_url: str | None = None
        self.aws_storage_enabled: bool | None = None
        self.encryption_key_sid: str | None = None
        self.encryption_enabled: bool | None = None

    def external_location(self, sid: str, container: str) -> str | None:
        """Where a new recording's media goes when external storage is on [DECIDED]."""
        if not self.aws_storage_enabled or not self.aws_s3_url:
            return None
        return f"{self.aws_s3_url.rstrip('/')}/{sid}.{container}"


class Account:
    __slots__ = ("api_keys", "auth_token", "recording_settings", "sid")

    def __init__(self, sid: str, auth_token: str) -> None:
        self.sid = sid
        self.auth_token = auth_token
        self.api_keys: dict[str, ApiKey] = {}
        self.recording_settings = RecordingSettings()

    def __repr__(self) -> str:
        return f"Account({self.sid})"


class ApiKey:
    __slots__ = ("account_sid", "secret", "sid")

    def __init__(self, sid: str, secret: str, account_sid: str) -> None:
        self.sid = sid
        self.secret = secret
        self.account_sid = account_sid

    def __repr__(self) -> str:
        return f"ApiKey({self.sid})"


#: What ``POST /v1/RecordingSettings/Default`` may change.
SETTINGS_FIELDS = (
    "friendly_name",
    "aws_credentials_sid",
    "aws_s3_url",
    "aws_storage_enabled",
    "encryption_key_sid",
    "encryption_enabled",
)


def update_settings(settings: RecordingSettings, **changes: Any) -> None:
    """Apply the given fields; a field given as None keeps its value."""
    for name, value in changes.items():
        if name not in SETTINGS_FIELDS:
            raise UsageError(f"recording settings have no field {name!r}")
        if value is not None:
            setattr(settings, name, value)


class AccountBook:
    """Every account of one fake, and the API keys that act as them."""

    def __init__(self, sids: SidGenerator) -> None:
        self._sids = sids
        self.by_sid: dict[str, Account] = {}
        self.api_keys: dict[str, ApiKey] = {}

    def add(self) -> Account:
        account = Account(self._sids.sid("AC"), self._sids.secret())
        self.by_sid[account.sid] = account
        return account

    def add_api_key(self, account_sid: str) -> ApiKey:
        account = self.get(account_sid)
        key = ApiKey(self._sids.sid("SK"), self._sids.secret(), account.sid)
        account.api_keys[key.sid] = key
        self.api_keys[key.sid] = key
        return key

    def get(self, account_sid: str) -> Account:
        account = self.by_sid.get(account_sid)
        if account is None:
            raise UsageError(f"no account {account_sid} in this fake (see add_account())")
        return account

    def authenticate(self, username: str, password: str) -> str | None:
        """The account SID these Basic credentials act as, or None."""
        account = self.by_sid.get(username)
        if account is not None:
            return account.sid if account.auth_token == password else None
        key = self.api_keys.get(username)
        if key is not None and key.secret == password:
            return key.account_sid
        return None
