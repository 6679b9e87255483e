"""Customers: the customer file, contacts, owners and the pool (公海); the bottom of crm."""
