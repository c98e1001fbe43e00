"""``/v1/RecordingSettings/Default``: the account's external storage and encryption."""

from __future__ import annotations

from typing import Any

from fakerec import errors
from fakerec.api import params as p
from fakerec.api import render
from fakerec.api.request import ApiRequest, Result
from fakerec.domain.backend import VideoBackend


class RecordingSettingsApi:
    def __init__(self, backend: VideoBackend) -> None:
        self.backend = backend

    def fetch(self, req: ApiRequest) -> Result:
        return 200, render.recording_settings(self.backend.accounts[req.account_sid]), {}

    def update(self, req: ApiRequest) -> Result:
        account = self.backend.update_recording_settings(req.account_sid, **self.changes(req))
        return 200, render.recording_settings(account), {}

    @staticmethod
    def changes(req: ApiRequest) -> dict[str, Any]:
        """The settings the form sets, each checked as Twilio checks it."""
        f = req.form
        friendly_name = p.first(f, "FriendlyName")
        if friendly_name is None:
            raise errors.missing_parameter("FriendlyName")
        credentials = p.sid(f, "AwsCredentialsSid")
        key = p.sid(f, "EncryptionKeySid")
        for name, value in (("AwsCredentialsSid", credentials), ("EncryptionKeySid", key)):
            if value is not None and not value.startswith("CR"):
                raise errors.invalid_parameter(name, value, "a Credential SID (CR...)")
        s3_url = p.first(f, "AwsS3Url")
        if s3_url is not None and not s3_url.startswith(("https://", "http://")):
            raise errors.invalid_parameter("AwsS3Url", s3_url, "a URL")
        return {
            "friendly_name": friendly_name,
            "aws_credentials_sid": credentials,
            "encryption_key_sid": key,
            "aws_s3_url": s3_url,
            "aws_storage_enabled": p.boolean(f, "AwsStorageEnabled"),
            "encryption_enabled": p.boolean(f, "EncryptionEnabled"),
        }
