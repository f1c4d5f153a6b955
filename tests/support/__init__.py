"""Helpers for the resilience tests: a scripted local HTTP server and virtual time."""
