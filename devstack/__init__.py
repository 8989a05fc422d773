"""The development launcher behind `make run`: creates `.dev/`, the development signing secret, migrates every
service's database, starts every service that exists as a child process, prints the URLs, stops them on Ctrl-C.

Services are data (`devstack.services.SERVICES`): adding the router, the giftcard subgraph or the registry is one
entry each.
"""
