"""Every page only a teacher may open: one blueprint (`blueprint.py`, which holds the one
teacher guard), one module per feature, each calling its feature's service."""
