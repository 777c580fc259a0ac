"""Code shared by several test folders (on the path via pytest's ``pythonpath``)."""
