"""Pipeline stages, one module per step."""
