"""Every error the fake can answer, with Twilio's code, message and status, in one place.

Errors are values of one type (``TwilioError``) raised in the REST or domain layer and
rendered into Twilio's JSON body in exactly one place (``fakerec.api.render``).
"""

from __future__ import annotations

MORE_INFO = "https://www.twilio.com/docs/errors/{code}"


class TwilioError(Exception):
    """An answer Twilio would give: HTTP status, Twilio error code and message."""

    def __init__(
        self, status: int, code: int, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}

    def body(self) -> dict[str, object]:
        return {
            "code": self.code,
            "message": self.message,
            "more_info": MORE_INFO.format(code=self.code),
            "status": self.status,
        }


class StorageError(Exception):
    """An answer of the media store behind the temporary URL: S3's XML errors, not Twilio's."""

    def __init__(
        self, status: int, code: str, message: str, details: dict[str, str] | None = None
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        #: More elements of S3's XML error, in order (an expired URL names its expiry).
        self.details = details or {}


class FakeInternalError(AssertionError):
    """A bug inside fakerec (or in a part the test gave it, such as a clock), raised by
    ``fake.check()`` so the test that hit it fails, whichever adapter served the request."""


class CallbackReceiverError(AssertionError):
    """A status-callback receiver raised (an ``assert`` in it, say); chained to what it raised."""


class UnfiredFaultError(AssertionError):
    """A fault the test injected never fired: the code under test never met it."""


class UsageError(ValueError):
    """A test drove the control plane into something Twilio could never do."""


class MissingExtraError(ImportError):
    """A feature needs an optional dependency; the message names the extra to install."""


def missing_extra(extra: str, module: str) -> MissingExtraError:
    return MissingExtraError(
        f"this needs {module}, which is not installed: pip install 'fakerec[{extra}]'"
    )


def bad_fault_route(route: str) -> UsageError:
    return UsageError(
        f"fault route {route!r} can never match: give '[METHOD ]/path' with * as the only "
        "wildcard, such as 'GET /v1/Recordings/*' (a path, not a URL: no host, no query)"
    )


def no_network(host: str, why: str) -> str:
    """What a request that fakerec stopped before the network is told."""
    return f"fakerec stopped a request to {host}: {why}; nothing was sent"


def two_fakes(active: object, entering: object) -> UsageError:
    return UsageError(
        f"{active!r} is answering inside mock() already; {entering!r} cannot answer too. "
        "Use one fake per test (a second account: fake.add_account())"
    )


# --- the catalogue -------------------------------------------------------------------------


def not_found(resource_path: str) -> TwilioError:
    """404 20404. ``resource_path`` is the request path without the ``/v1`` prefix."""
    return TwilioError(404, 20404, f"The requested resource {resource_path} was not found")


def unauthenticated() -> TwilioError:
    return TwilioError(401, 20003, "Authenticate", {"WWW-Authenticate": 'Basic realm="Twilio API"'})


def method_not_allowed(allowed: list[str]) -> TwilioError:
    return TwilioError(405, 20004, "Method not allowed", {"Allow": ", ".join(allowed)})


def invalid_parameter(name: str, value: str, expected: str) -> TwilioError:
    return TwilioError(400, 20001, f"Invalid {name}: {value!r} is not {expected}")


def missing_parameter(name: str) -> TwilioError:
    return TwilioError(400, 20001, f"Missing required parameter {name} in the post body")


def page_size_too_large(value: int, maximum: int) -> TwilioError:
    return TwilioError(
        400, 20007, f"Invalid PageSize: {value} exceeds the maximum page size of {maximum}"
    )


def invalid_page_token() -> TwilioError:
    return TwilioError(400, 20001, "Invalid PageToken")


def room_exists(unique_name: str) -> TwilioError:
    return TwilioError(400, 53113, f"Unable to create Room: Room exists ({unique_name})")


def room_not_in_progress() -> TwilioError:
    """53118 "Room Completed Error": an operation a completed room cannot take (rules, say)."""
    return TwilioError(400, 53118, "Room is not in-progress")


def room_status_invalid(detail: str) -> TwilioError:
    """53112 "Status is invalid": an update's Status other than completed, or a room that is
    not in progress (twilio.com/docs/api/errors/53112)."""
    return TwilioError(400, 53112, f"Status is invalid: {detail}")


def room_parameters_incompatible(detail: str) -> TwilioError:
    """53114 "Room creation parameter(s) incompatible with the Room type" (Twilio's error
    dictionary, twilio.com/docs/api/errors/53114): RecordParticipantsOnConnect=true on a
    peer-to-peer or go room, where the Rooms resource says recording "is not available"."""
    return TwilioError(
        400, 53114, f"Room creation parameter(s) incompatible with the Room type: {detail}"
    )


def room_timeout_out_of_range(name: str, value: int, low: int, high: int) -> TwilioError:
    """53109 "Timeout is out of range" (twilio.com/docs/api/errors/53109): raised "when
    Timeout is set out of range" on creating a room; EmptyRoomTimeout and UnusedRoomTimeout
    take whole minutes from 1 to 60 [DOC: Rooms resource]."""
    return TwilioError(
        400, 53109, f"Timeout is out of range: {name} {value} (from {low} to {high} minutes)"
    )


def max_participants_out_of_range(value: int, highest: int) -> TwilioError:
    """53107 "MaxParticipants is out of range" (twilio.com/docs/api/errors/53107)."""
    return TwilioError(400, 53107, f"MaxParticipants {value} is out of range (1 to {highest})")


def max_participant_duration_out_of_range(value: int) -> TwilioError:
    """53123 "MaxParticipantDuration is out of range" (twilio.com/docs/api/errors/53123)."""
    return TwilioError(
        400, 53123, f"MaxParticipantDuration {value} is out of range (600 to 86400 seconds)"
    )


def invalid_recording_rules(detail: str) -> TwilioError:
    return TwilioError(400, 53120, f"Invalid Recording Rule(s): {detail}")


def participant_status_invalid(detail: str) -> TwilioError:
    """53209 "Participant status is invalid": an update's Status other than disconnected
    (twilio.com/docs/api/errors/53209); also a participant no longer connected, as 53112
    answers a room no longer in progress."""
    return TwilioError(400, 53209, f"Participant status is invalid: {detail}")


def participant_not_connected(sid: str) -> TwilioError:
    """53204 "Participant not found" (twilio.com/docs/api/errors/53204): subscribe rules
    posted for a participant that has left; it subscribes to nothing any more."""
    return TwilioError(400, 53204, f"Participant not found: {sid} is not connected")


def invalid_subscribe_rules(detail: str) -> TwilioError:
    """53215 "Invalid Subscribe Rule(s)" [DOC: twilio.com/docs/video/api/track-subscriptions]."""
    return TwilioError(400, 53215, f"Invalid Subscribe Rule(s): {detail}")


def composition_refused(detail: str) -> TwilioError:
    """A composition Twilio would not create: a room that is not a completed group room, no
    sources, a bad VideoLayout, Resolution or Format. Twilio's error dictionary documents codes
    only for compositions that fail after creation (53626, 53631-53633), none for these
    requests, so they answer 20001 "Invalid parameter", as every other invalid value does."""
    return TwilioError(400, 20001, f"Unable to create Composition: {detail}")


def hook_refused(detail: str) -> TwilioError:
    """A composition hook Twilio would not store (its settings, or a FriendlyName another
    hook of the account has: names are unique per account [DOC spec])."""
    return TwilioError(400, 20001, f"Unable to save CompositionHook: {detail}")


def too_many_requests(retry_after: int) -> TwilioError:
    return TwilioError(429, 20429, "Too Many Requests", {"Retry-After": str(retry_after)})


_SERVER_MESSAGES = {
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def server_error(status: int) -> TwilioError:
    """An injected 5xx, shaped like Twilio's (code 20500 for 500, else 20000 + status)."""
    return TwilioError(status, 20000 + status, _SERVER_MESSAGES.get(status, "Server Error"))


def internal_error() -> TwilioError:
    return TwilioError(500, 20500, "Internal Server Error (a bug inside fakerec)")


# --- the media store's (S3-style) errors -----------------------------------------------------


def media_expired(ttl: str, expired_at: str, server_time: str) -> StorageError:
    return StorageError(
        403,
        "AccessDenied",
        "Request has expired",
        {"X-Amz-Expires": ttl, "Expires": expired_at, "ServerTime": server_time},
    )


def media_two_auth_mechanisms() -> StorageError:
    """What S3 answers a presigned URL that also carries an Authorization header."""
    return StorageError(
        400,
        "InvalidArgument",
        "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature "
        "query string parameter or the Authorization header should be specified",
        {"ArgumentName": "Authorization", "ArgumentValue": "(redacted)"},
    )


def media_signature_mismatch() -> StorageError:
    return StorageError(
        403,
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided.",
    )


def media_missing() -> StorageError:
    return StorageError(404, "NoSuchKey", "The specified key does not exist.")


def media_method_not_allowed() -> StorageError:
    return StorageError(405, "MethodNotAllowed", "The specified method is not allowed")
