"""Notifications (department.md D11): in-app, e-mail and a group robot, each sent once.

A layer above org and below the business apps: it listens to the workflow machine's
`document_moved` and offers a registry (`registry.py`) where higher apps add kinds and
periodic sweeps without this package naming them.
"""
