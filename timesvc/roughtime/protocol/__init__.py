"""Roughtime (RFC 10049, and draft version 0x8000000c): authenticated rough time, as server and client.

wire: tags, messages, packets · versions: what differs between the RFC and the drafts · merkle: the tree
over a batch · request: read and built · delegation: online keys the long-term key certifies · keys: the
long-term key file · radius: RADI from the kernel's error bound · responder: the server core · verify: the
client's checks · measurement: several servers, chained nonces, malfeasance reports · ecosystem: server
lists · drops: why requests go unanswered. Pure: the sockets are timesvc.client.roughtime's (the client)
and timesvc.roughtime.listener's (the server).
"""
