"""Question bank: the YAML format, its validator, graders and export."""
