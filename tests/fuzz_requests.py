"""Whole hostile requests for the fuzz tests, built from fuzz_values: paths on every route,
credentials, tampered page and media URLs, one bad parameter in a valid request, odd methods,
and the clock moves fired between them.
"""

from __future__ import annotations

import base64
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from _support import BASE
from fuzz_values import (
    FORM_BODIES,
    FORM_PLAUSIBLE,
    HEX,
    KNOWN_PARAMS,
    PAGE_TOKENS,
    PLAUSIBLE,
    QUERY_NAMES,
    REC_SEGMENT,
    ROOM_SEGMENT,
    SEGMENT,
    VALUES,
    query_pairs,
    query_strings,
)
from fuzz_world import MEDIA_HOST, TEMPLATE, Advance, Request
from hypothesis import HealthCheck
from hypothesis import strategies as st

ROUTES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("v1", "Recordings"), ("GET",)),
    (("v1", "Recordings", "{rec}"), ("GET", "DELETE")),
    (("v1", "Recordings", "{rec}", "Media"), ("GET",)),
    (("v1", "Rooms"), ("GET", "POST")),
    (("v1", "Rooms", "{room}"), ("GET", "POST")),
    (("v1", "Rooms", "{room}", "Recordings"), ("GET",)),
    (("v1", "Rooms", "{room}", "Recordings", "{rec}"), ("GET", "DELETE")),
    (("v1", "Rooms", "{room}", "Recordings", "{rec}", "Media"), ("GET",)),
    (("v1", "Rooms", "{room}", "RecordingRules"), ("GET", "POST")),
    (("v1", "RecordingSettings", "Default"), ("GET", "POST")),
    (("v1", "Rooms", "{room}", "Participants"), ("GET",)),
    # {rec} segments are drawn from recording SIDs and the world's other SIDs, its
    # participants' and tracks' among them.
    (("v1", "Rooms", "{room}", "Participants", "{rec}"), ("GET", "POST")),
    (("v1", "Rooms", "{room}", "Participants", "{rec}", "PublishedTracks"), ("GET",)),
    (("v1", "Rooms", "{room}", "Participants", "{rec}", "PublishedTracks", "{rec}"), ("GET",)),
    (("v1", "Rooms", "{room}", "Participants", "{rec}", "SubscribedTracks"), ("GET",)),
    (("v1", "Rooms", "{room}", "Participants", "{rec}", "SubscribedTracks", "{rec}"), ("GET",)),
    (("v1", "Rooms", "{room}", "Participants", "{rec}", "SubscribeRules"), ("GET", "POST")),
    # Compositions and their hooks: {rec} segments are never a composition's or hook's SID,
    # so those answer 404 (and 405 for methods the path does not take).
    (("v1", "Compositions"), ("GET", "POST")),
    (("v1", "Compositions", "{rec}"), ("GET", "DELETE")),
    (("v1", "Compositions", "{rec}", "Media"), ("GET",)),
    (("v1", "CompositionHooks"), ("GET", "POST")),
    (("v1", "CompositionHooks", "{rec}"), ("GET", "POST", "DELETE")),
    (("v1", "CompositionSettings", "Default"), ("GET", "POST")),
    (("v1", "Rooms", "{room}", "Transcriptions"), ("GET",)),
)
"""Every route the fake serves with its methods, and a few Video paths it does not serve yet."""
METHODS = ("GET", "POST", "DELETE")
ODD_METHODS = (
    "PATCH",
    "PUT",
    "OPTIONS",
    "FOO",
    "TRACE",
    "CONNECT",
    "HEAD",
    "get",
    "post",
    "delete",
    "patch",
    "put",
    "options",
    "head",
    "GeT",
    "",
    " GET",
    "GET ",
    "G\u00c9T",
)


# --- paths -----------------------------------------------------------------------------------

PATH_TRICKS = ("/.", "/..", ";jsessionid=1", "%20", ".json", "#frag", "?", "//")


@st.composite
def paths(draw: st.DrawFn) -> tuple[str, tuple[str, ...]]:
    """A path (every known route with garbage in any segment, random segments, path tricks)
    and the methods its route serves."""
    methods: tuple[str, ...] = ("GET",)
    if draw(st.integers(0, 9)) == 0:
        segments = draw(st.lists(SEGMENT, max_size=8))
    else:
        template, methods = draw(st.sampled_from(ROUTES))
        segments = []
        for part in template:
            if part == "{rec}":
                segments.append(draw(REC_SEGMENT))
            elif part == "{room}":
                segments.append(draw(ROOM_SEGMENT))
            elif draw(st.integers(0, 19)) == 0:
                segments.append(draw(SEGMENT))
            else:
                segments.append(part)
    path = "/" + "/".join(segments)
    trick = draw(st.integers(0, 19))
    if trick == 1:
        path += "/"
    elif trick == 2:
        at = draw(st.integers(0, len(path)))
        path = path[:at] + "/" + path[at:]
    elif trick == 3:
        path = path.replace("/", "//")
    elif trick == 4:
        path = "/v1/../v1" + path if path.startswith("/v1") else "/.." + path
    elif trick == 5:
        path = "/" + path
    elif trick == 6:
        path += draw(st.sampled_from(PATH_TRICKS))
    return path, methods


# --- requests --------------------------------------------------------------------------------


EXTRA_HEADERS = st.dictionaries(
    st.sampled_from(("Content-Type", "X-Forwarded-For", "Accept", "X-\u00e9", "Host")),
    st.text(max_size=20),
    max_size=2,
)


@st.composite
def credentials(draw: st.DrawFn) -> tuple[dict[str, str], bool]:
    """Authorization headers, and whether they authenticate (as either account)."""
    name = draw(st.sampled_from(("Authorization", "authorization", "AUTHORIZATION")))
    extra = draw(EXTRA_HEADERS)
    if draw(st.integers(0, 9)) < 8:
        return {**extra, name: draw(st.sampled_from(TEMPLATE.good_auth))}, True
    how = draw(st.integers(0, 5))
    if how == 0:
        return extra, False  # no credentials at all
    if how == 1:
        value = draw(st.sampled_from(TEMPLATE.bad_auth))
    elif how == 2:
        value = "Basic " + draw(st.text(max_size=40))
    elif how == 3:
        value = "Basic " + base64.b64encode(draw(st.binary(max_size=60))).decode()
    elif how == 4:
        value = "Basic " + base64.b64encode(draw(st.text(max_size=60)).encode()).decode()
    else:
        value = draw(st.text(max_size=60))
    return {**extra, name: value}, False


@st.composite
def tampered_page_urls(draw: st.DrawFn) -> str:
    """A real next/previous page URL with one parameter replaced by a hostile value."""
    url = draw(st.sampled_from(TEMPLATE.page_urls))
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    index = draw(st.integers(0, len(pairs) - 1))
    name, _ = pairs[index]
    pairs[index] = (name, draw(PAGE_TOKENS if name == "PageToken" else VALUES))
    return f"{BASE}{parts.path}?{urlencode(pairs)}"


HOSTS = (
    BASE,
    BASE,
    BASE,
    "https://video.dublin.ie1.twilio.com",
    "https://video.us1.twilio.com",
    "http://video.twilio.com",
    "https://VIDEO.TWILIO.COM:443",
)


@st.composite
def media_urls(draw: st.DrawFn) -> str:
    """A real temporary media URL, as is or with its path, parameters or signature tampered."""
    url = draw(st.sampled_from(TEMPLATE.media_urls))
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    path = parts.path
    how = draw(st.integers(0, 10))
    if how == 1:
        at = draw(st.integers(0, len(pairs) - 1))
        pairs[at] = (pairs[at][0], draw(VALUES))
    elif how == 2:
        del pairs[draw(st.integers(0, len(pairs) - 1))]
    elif how == 3:
        pairs.insert(draw(st.integers(0, len(pairs))), draw(query_pairs()))
    elif how == 4:  # a second signature, which S3 would take (the last one wins)
        forged = draw(st.one_of(st.text(HEX, max_size=64), st.text()))
        pairs = [*pairs, ("X-Amz-Signature", forged)]
    elif how == 5:
        pairs.reverse()
    elif how == 6:
        path = draw(st.sampled_from(("", "/", path + "/", path.upper(), path.replace(".", "%2E"))))
    elif how == 7:
        path = "/" + "/".join(draw(st.lists(SEGMENT, max_size=3)))
    elif how == 8:
        signature = dict(pairs)["X-Amz-Signature"]
        at = draw(st.integers(0, len(signature) - 1))
        char = draw(st.sampled_from(("0", "f", "F", "g", " ", "\u00e9", "\u0663")))
        flipped = signature[:at] + (char if char != signature[at] else "1") + signature[at + 1 :]
        pairs = [(k, flipped if k == "X-Amz-Signature" else v) for k, v in pairs]
    elif how == 9:
        return f"https://{MEDIA_HOST}{path}?{draw(query_strings())}"
    elif how == 10:
        return url.replace("https://", draw(st.sampled_from(("http://", "HTTPS://"))), 1)
    return f"https://{MEDIA_HOST}{path}?{urlencode(pairs, quote_via=quote)}"


def _bases() -> list[tuple[str, str, list[tuple[str, str]], tuple[str, ...]]]:
    """Valid requests on every route: (method, path, parameters, the names the route reads)."""
    named = TEMPLATE.named
    rec, completed = named["processing"], named["completed"]
    live, done = named["live_room"], named["done_room"]
    paging = ("PageSize", "Page", "PageToken")
    dates = ("DateCreatedAfter", "DateCreatedBefore")
    recording_list = ("Status", "SourceSid", "GroupingSid", "MediaType", *dates, *paging)
    room_list = ("Status", "UniqueName", *dates, *paging)
    media = ("Ttl", "ContentDisposition")
    room_form = (
        *("UniqueName", "Type", "RecordParticipantsOnConnect", "AudioOnly", "LargeRoom"),
        *("StatusCallback", "StatusCallbackMethod", "VideoCodecs", "MediaRegion"),
        *("MaxParticipants", "MaxParticipantDuration", "EmptyRoomTimeout", "UnusedRoomTimeout"),
        *("RecordingRules", "StatusCallback", "RecordingRules", "StatusCallback"),
    )
    settings = (
        *("FriendlyName", "AwsCredentialsSid", "EncryptionKeySid", "AwsS3Url"),
        *("AwsStorageEnabled", "EncryptionEnabled"),
    )
    composition_form = (
        *("RoomSid", "AudioSources", "AudioSourcesExcluded", "VideoLayout", "Resolution"),
        *("Format", "Trim", "StatusCallback", "StatusCallbackMethod"),
    )
    hook_form = ("FriendlyName", "Enabled", *composition_form[1:])
    return [
        ("GET", "/v1/Compositions", [], ("Status", "RoomSid", *dates, *paging)),
        ("GET", "/v1/Compositions", [("RoomSid", done)], ("Status", "RoomSid", *dates, *paging)),
        ("POST", "/v1/Compositions", [("RoomSid", done), ("AudioSources", "*")], composition_form),
        (
            "POST",
            "/v1/Compositions",
            [("RoomSid", done), ("VideoLayout", '{"grid": {"video_sources": ["*"]}}')],
            composition_form,
        ),
        ("GET", "/v1/CompositionHooks", [], ("Enabled", "FriendlyName", *dates, *paging)),
        ("POST", "/v1/CompositionHooks", [("FriendlyName", "h"), ("AudioSources", "*")], hook_form),
        ("POST", "/v1/CompositionSettings/Default", [("FriendlyName", "x")], settings),
        ("GET", "/v1/Recordings", [], recording_list),
        ("GET", "/v1/Recordings", [("Status", "deleted")], recording_list),
        ("GET", "/v1/Recordings", [("PageSize", "2")], recording_list),
        ("GET", f"/v1/Rooms/{live}/Recordings", [], recording_list),
        ("GET", f"/v1/Rooms/{done}/Recordings", [("PageSize", "1")], recording_list),
        ("GET", "/v1/Rooms", [], room_list),
        ("GET", "/v1/Rooms", [("Status", "completed")], room_list),
        ("GET", f"/v1/Recordings/{completed}/Media", [], media),
        ("GET", f"/v1/Rooms/{done}/Recordings/{completed}/Media", [], media),
        ("GET", f"/v1/Recordings/{rec}", [], KNOWN_PARAMS),
        ("DELETE", f"/v1/Rooms/{live}/Recordings/{rec}", [], KNOWN_PARAMS),
        ("POST", "/v1/Rooms", [], room_form),
        ("POST", "/v1/Rooms", [("RecordParticipantsOnConnect", "true")], room_form),
        ("POST", f"/v1/Rooms/{live}", [("Status", "completed")], ("Status",)),
        ("POST", "/v1/Rooms/ruled/RecordingRules", [("Rules", "[]")], ("Rules",)),
        ("POST", "/v1/RecordingSettings/Default", [("FriendlyName", "x")], settings),
    ]


BASES = _bases()


@st.composite
def one_bad_parameter(draw: st.DrawFn) -> tuple[str, str, bytes | None]:
    """A valid request with one to three parameters set to hostile values, mostly ones its
    route reads, so the hostile value reaches the code that parses it."""
    method, path, pairs, names = draw(st.sampled_from(BASES))
    pairs = list(pairs)
    plausible = FORM_PLAUSIBLE if method == "POST" else PLAUSIBLE
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(names) if draw(st.integers(0, 4)) else QUERY_NAMES)
        if name in plausible and draw(st.integers(0, 2)):
            value = draw(plausible[name])
        else:
            value = draw(VALUES)
        if draw(st.integers(0, 4)):  # mostly replace the parameter, else add one more of it
            pairs = [pair for pair in pairs if pair[0] != name]
        pairs.append((name, value))
    if method == "POST":
        return method, f"{BASE}{path}", urlencode(pairs).encode()
    return method, f"{BASE}{path}?{urlencode(pairs)}", None


@st.composite
def hostile_requests(draw: st.DrawFn) -> Request:
    headers, authenticates = draw(credentials())
    where = draw(st.integers(0, 11))
    methods: tuple[str, ...] = ("GET",)
    if where >= 7:
        method, url, body = draw(one_bad_parameter())
        if draw(st.integers(0, 11)) == 0:
            method = draw(st.sampled_from(ODD_METHODS))
        return Request(method, url, headers, body, authenticates)
    if where == 0:
        url, methods = draw(media_urls()), ("GET", "HEAD")
    elif where <= 2:
        url = draw(tampered_page_urls())
    else:
        path, methods = draw(paths())
        url = draw(st.sampled_from(HOSTS)) + path
        if draw(st.booleans()):
            url += "?" + draw(query_strings())
    how = draw(st.integers(0, 9))
    if how == 0:
        method = draw(st.sampled_from(ODD_METHODS))
    elif how <= 2:
        method = draw(st.sampled_from(METHODS))
    else:
        method = draw(st.sampled_from(methods))  # a method the route serves
    body = draw(FORM_BODIES) if method.upper() == "POST" or draw(st.integers(0, 9)) == 0 else None
    return Request(method, url, headers, body, authenticates)


HOSTILE_REQUESTS = hostile_requests()
CLOCK_MOVES = st.lists(
    st.tuples(
        st.integers(0, 30),
        st.sampled_from((1, 29, 30, 31, 599, 600, 3600, 86400, 30 * 86400)).map(Advance),
    ),
    max_size=3,
)
"""Clock moves and the request index they happen before."""

#: The health checks the fuzz tests suppress: their examples are large and slow by design.
SLOW_DATA = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
