"""Thin adapters: each turns one client library's request into a ``Dispatcher`` call and back.

They import their client library only when used, so ``import fakerec`` stays cheap.
"""
