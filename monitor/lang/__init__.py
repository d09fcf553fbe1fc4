"""Per-language data packs (monitor/lang/<code>/*.toml), read with importlib.resources."""
