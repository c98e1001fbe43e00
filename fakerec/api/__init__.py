"""Twilio's REST surface over the domain: routing, auth, parameters, paging, JSON, errors."""

from fakerec.api.dispatch import Dispatcher, HttpResponse, basic_auth
from fakerec.api.journal import Exchange

__all__ = ["Dispatcher", "Exchange", "HttpResponse", "basic_auth"]
