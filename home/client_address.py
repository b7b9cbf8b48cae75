"""The resident's address, for the form rate limit, the throttles and django-axes alike.

`X-Forwarded-For` is believed only from the proxies in `settings.TRUSTED_PROXIES` (addresses or
networks, from the environment; empty by default). When the connection comes from one of them,
the client is the right-most address in the header that is not a trusted proxy itself: each
proxy appends the address it saw, so everything to the left of that was typed by the client and
can be forged. From any other address the header is ignored and the connection's address counts.

python-ipware parses the addresses (ports, IPv6 brackets, IPv4-mapped IPv6, RFC 7239 `for=`,
junk skipped) and the standard library's `ipaddress` matches the networks; nothing here splits
or reads addresses by hand.
"""

import ipaddress

from django.conf import settings

from python_ipware.modern.parsers import parse_ip, split_proxy_chain

UNKNOWN = "unknown"


def trusted_networks(entries):
    """The TRUSTED_PROXIES entries as networks; a single address is a network of one."""
    return [ipaddress.ip_network(entry, strict=False) for entry in entries]


def _is_trusted(address, networks):
    return any(address.version == network.version and address in network for network in networks)


def client_address(request):
    """The client's address as a string ("unknown" if the request carries none)."""
    remote = parse_ip(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return UNKNOWN
    networks = trusted_networks(getattr(settings, "TRUSTED_PROXIES", ()))
    if not _is_trusted(remote, networks):
        return str(remote)
    chain = split_proxy_chain(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    for hop in reversed(chain):
        if not _is_trusted(hop, networks):
            return str(hop)
    # Only trusted proxies in the header (or no header): the left-most hop is the best we know.
    return str(chain[0]) if chain else str(remote)


def rate_limit_key(request):
    """What the rate limits, the throttles and django-axes count a client under: its address
    (client_address), or for an IPv6 address the first address of its /64 network. An IPv6
    subscriber (a home router, a phone) gets a whole /64 and may pick any address in it for each
    connection; counted by single addresses, one person would get 2**64 limits. The key is
    itself an address, so axes can store it (its log shows the /64's first address)."""
    address = client_address(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6 and parsed.ipv4_mapped is None:
        return str(ipaddress.ip_network((parsed, 64), strict=False).network_address)
    return address
