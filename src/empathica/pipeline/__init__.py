"""Analysis pipeline: stages, the encoder runtime and the bundled models."""
