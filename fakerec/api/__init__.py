"""Twilio's REST surface over the domain: routing, auth, parameters, paging, JSON, errors."""

from fakerec.api.dispatch import Dispatcher, Exchange, HttpResponse, basic_auth

__all__ = ["Dispatcher", "Exchange", "HttpResponse", "basic_auth"]
