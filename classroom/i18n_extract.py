"""Messages kept in data files, for ``scripts/translations`` (a Babel extractor named in babel.cfg).

The content notes' labels live in ``data/content_rules.yaml`` beside their patterns, where
curators edit them; pages show them through the catalog (``cases.content_rules.note_label``).
This extractor lists each ``label`` so a new or renamed note reaches the catalogs like any message.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import yaml


def extract_labels(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
                   ) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """(line, function, message, comments) for every ``label:`` of a YAML data file."""
    root = yaml.compose(fileobj.read().decode("utf-8"))
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == "label" and isinstance(value, yaml.ScalarNode):
                    yield value.start_mark.line + 1, None, value.value.strip(), ["a content note's name"]
                else:
                    stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
