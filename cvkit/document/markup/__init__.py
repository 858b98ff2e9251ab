"""Per-format renderers of the rich-text tree. Escaping for a format lives in its module only."""
