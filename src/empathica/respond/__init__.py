"""Respond well: offline reply drafts grounded in the analysis, and a coach for an agent's own draft.

This layer sits between the services and the pipeline: it reads ``Analysis`` objects and may
use the pipeline's encoder, but never reads settings or touches storage.
"""
