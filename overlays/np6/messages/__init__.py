"""Render and send email and SMS messages: one module per NP6 operation.

Each module (render_message, render_messages, send_message, send_messages) has the four
functions of a generated operation: sync, sync_detailed, asyncio and asyncio_detailed. The body's
type picks its vendor media type, so callers never write a Content-Type.
"""
