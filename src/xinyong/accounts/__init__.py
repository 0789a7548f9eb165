"""Accounts: credit-office staff, departments and subjects; login sessions and API tokens."""
