"""The temporary media URL: minted by ``/Media``, served like an S3 presigned URL.

The URL carries its expiry and the requested Content-Disposition and Content-Type, signed
with this fake's own secret; until it expires on the fake's clock it serves a real Matroska
file of the recording's codec and duration, then answers 403 ``AccessDenied`` in XML.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from fakerec import errors
from fakerec.api import hosts
from fakerec.domain.backend import VideoBackend
from fakerec.domain.compositions import Composition
from fakerec.domain.models import Recording
from fakerec.errors import StorageError

XML_HEADERS = {"Content-Type": "application/xml"}
ALGORITHM = "AWS4-HMAC-SHA256"
REGION = "us-east-1"


class MediaStore:
    def __init__(self, backend: VideoBackend, secret: bytes) -> None:
        self.backend = backend
        self._secret = secret
        #: Like an AWS access key id: AKIA and 16 characters, the same for the same seed.
        digest = hashlib.sha256(b"access key|" + secret).hexdigest().upper()
        self._access_key = "AKIA" + digest[:16]

    def _sign(self, path: str, query: list[tuple[str, str]]) -> str:
        message = f"{path}?{urlencode(query)}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def presign(self, recording: Recording, ttl: int, disposition: str, now: datetime) -> str:
        """A temporary URL for ``recording``, valid for ``ttl`` seconds from ``now``, in the
        shape of an S3 presigned URL (SPEC 6 [OBS])."""
        from fakerec.media import CONTENT_TYPES  # the media package loads on first use

        path = f"/{recording.account_sid}/{recording.sid}"
        return self._presign(path, CONTENT_TYPES[recording.type], ttl, disposition, now)

    def presign_composition(
        self, composition: Composition, ttl: int, disposition: str, now: datetime
    ) -> str:
        """The same for a composition's MP4 or WebM, served as ``video/mp4`` or ``video/webm``."""
        from fakerec.media import COMPOSITION_CONTENT_TYPES

        path = f"/{composition.account_sid}/{composition.sid}"
        content_type = COMPOSITION_CONTENT_TYPES[composition.spec.format]
        return self._presign(path, content_type, ttl, disposition, now)

    def _presign(
        self, path: str, content_type: str, ttl: int, disposition: str, now: datetime
    ) -> str:
        stamp = _amz_date(now)
        query = [
            ("X-Amz-Algorithm", ALGORITHM),
            ("X-Amz-Credential", f"{self._access_key}/{stamp[:8]}/{REGION}/s3/aws4_request"),
            ("X-Amz-Date", stamp),
            ("X-Amz-Expires", str(ttl)),
            ("X-Amz-SignedHeaders", "host"),
            ("response-content-disposition", disposition),
            ("response-content-type", content_type),
        ]
        query.append(("X-Amz-Signature", self._sign(path, query)))
        return f"https://{hosts.MEDIA_HOST}{path}?{urlencode(query, quote_via=quote)}"

    def serve(
        self, method: str, url: str, authorization: str | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        """GET (or HEAD) of a temporary URL; raises StorageError as S3 would answer."""
        if method not in ("GET", "HEAD"):
            raise errors.media_method_not_allowed()
        if authorization is not None:
            raise errors.media_two_auth_mechanisms()
        parts = urlsplit(url)
        query = parse_qsl(parts.query, keep_blank_values=True)
        given = dict(query)
        unsigned = [(k, v) for k, v in query if k != "X-Amz-Signature"]
        expected = self._sign(parts.path, unsigned)
        signature = given.get("X-Amz-Signature", "").encode("utf-8", "surrogateescape")
        if not hmac.compare_digest(signature, expected.encode()):
            raise errors.media_signature_mismatch()
        issued = datetime.strptime(given["X-Amz-Date"], "%Y%m%dT%H%M%SZ")
        expires = issued.replace(tzinfo=timezone.utc) + timedelta(
            seconds=int(given["X-Amz-Expires"])
        )
        now = self.backend.now()
        if now >= expires:
            raise errors.media_expired(
                given["X-Amz-Expires"], _iso(expires), _iso(now.replace(microsecond=0))
            )
        body = self._media_of(parts.path.rsplit("/", 1)[-1])
        headers = {
            "Content-Type": given["response-content-type"],
            "Content-Disposition": given["response-content-disposition"],
            "Content-Length": str(len(body)),
            "ETag": f'"{hashlib.md5(body).hexdigest()}"',
        }
        return 200, headers, b"" if method == "HEAD" else body

    def _media_of(self, sid: str) -> bytes:
        """The file a temporary URL names, while it has media."""
        if sid.startswith("CJ"):
            composition = self.backend.compositions.get(sid)
            if composition is None or not composition.completed:
                raise errors.media_missing()
            from fakerec.media import composition_file

            return composition_file(
                composition.spec.format,
                composition.media_seconds,
                audio=composition.has_audio,
                video=composition.has_video,
                resolution=composition.spec.resolution,
            )
        recording = self.backend.recordings.get(sid)
        if recording is None or not recording.media_available:
            raise errors.media_missing()
        from fakerec.media import recording_file

        return recording_file(recording.codec, recording.final_duration or 0)


def _amz_date(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def storage_error_body(err: StorageError) -> bytes:
    from html import escape  # only storage errors need it

    details = "".join(
        f"<{name}>{escape(v, quote=False)}</{name}>" for name, v in err.details.items()
    )
    message = escape(err.message, quote=False)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{err.code}</Code><Message>{message}</Message>{details}"
        "<RequestId>FAKEREC</RequestId><HostId>fakerec</HostId></Error>"
    ).encode()
