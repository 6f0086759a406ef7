"""Accounts: registration, log-in and roles."""
