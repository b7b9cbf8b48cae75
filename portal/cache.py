"""The Redis cache client, with a circuit breaker for Redis outages.

django-redis with IGNORE_EXCEPTIONS already turns a failed cache call into a miss. Alone, that
still costs a connection attempt (and a logged traceback) on every call: a page makes dozens,
so a Redis outage would make every page several times slower and flood the log. This client
(OPTIONS["CLIENT_CLASS"]) marks Redis unavailable in this process for RETRY_SECONDS after a
connection error and answers every call in that time as a miss at once. It logs one warning
when Redis becomes unavailable (repeated every RETRY_SECONDS while it stays down) and one when
it answers again. Any other Redis error is logged as an error.

A value this release cannot read (pickled by another release, with a class that has since moved
or been renamed) is a miss with a warning, not a server error.

`shared_cache_unavailable(cache)` tells code that must behave differently without the shared
cache (the forms' rate limit, forms/spam.py) that it is down.
"""

import functools
import logging
import pickle
import socket
import time

from django_redis.client import DefaultClient
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
CONNECTION_ERRORS = (RedisConnectionError, RedisTimeoutError, socket.timeout, OSError)
# The cache API's calls; each goes through the breaker.
GUARDED_METHODS = (
    "get",
    "set",
    "add",
    "incr",
    "decr",
    "delete",
    "delete_many",
    "get_many",
    "set_many",
    "has_key",
    "touch",
    "clear",
    "ttl",
    "pttl",
    "expire",
    "pexpire",
    "expire_at",
    "pexpire_at",
    "persist",
    "delete_pattern",
    "keys",
    "incr_version",
)

# Redis servers marked unavailable in this process: server location -> time.monotonic() until
# which calls are answered as misses without trying. Shared by every thread's cache instance.
_down_until = {}


def _first_line(exc):
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class RedisMarkedDown(RedisConnectionError):
    """The cause given to calls refused while the breaker is open."""


class ResilientClient(DefaultClient):
    @property
    def _breaker_key(self):
        return tuple(self._server)

    @property
    def unavailable(self):
        return time.monotonic() < _down_until.get(self._breaker_key, 0.0)

    def _check_breaker(self):
        if self.unavailable:
            refused = ConnectionInterrupted(connection=None)
            refused.__cause__ = RedisMarkedDown(f"Redis marked unavailable for up to {RETRY_SECONDS:g} s")
            raise refused
        self._contacted = True

    def get_client(self, write=True, tried=None):
        self._check_breaker()
        return super().get_client(write=write, tried=tried)

    def get_client_with_index(self, write=True, tried=None):
        self._check_breaker()
        return super().get_client_with_index(write=write, tried=tried)

    def _failed(self, exc):
        cause = exc.__cause__
        if isinstance(cause, RedisMarkedDown):
            return
        if isinstance(cause, CONNECTION_ERRORS):
            _down_until[self._breaker_key] = time.monotonic() + RETRY_SECONDS
            logger.warning(
                "Redis cache unavailable (%s); serving without it, next attempt in %g s",
                _first_line(cause),
                RETRY_SECONDS,
            )
        else:
            logger.error("Redis cache error ignored", exc_info=exc)

    def decode(self, value):
        try:
            return super().decode(value)
        except (pickle.UnpicklingError, AttributeError, ImportError, EOFError, IndexError, TypeError) as exc:
            logger.warning("Unreadable cache value ignored, treated as a miss (%s)", _first_line(exc))
            return None

    def _succeeded(self):
        if _down_until.pop(self._breaker_key, None) is not None:
            logger.warning("Redis cache answers again")


def _guard(name):
    method = getattr(DefaultClient, name)

    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        # Client instances are per thread (Django keeps a cache instance per thread).
        self._contacted = False
        try:
            result = method(self, *args, **kwargs)
        except ConnectionInterrupted as exc:
            self._failed(exc)
            raise
        if _down_until and self._contacted:  # some calls (e.g. get_many([])) never reach Redis
            self._succeeded()
        return result

    return guarded


for _name in GUARDED_METHODS:
    setattr(ResilientClient, _name, _guard(_name))


def shared_cache_unavailable(backend):
    """True while `backend` (a cache) is a Redis cache this process has marked unavailable."""
    client = getattr(backend, "client", None)
    return isinstance(client, ResilientClient) and client.unavailable


def reset():
    """Forget every outage (tests)."""
    _down_until.clear()
