"""Writing profile YAML people like to read: schema line, model key order, block style.

Round-trip loading (ruamel.yaml) keeps a user's comments and order when an import merges
into an existing profile. YAML someone else wrote (a site's front matter, the profile an
import merges into) is read within the profile loader's limits (``check_yaml``).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from cvkit.profile.model import Profile
from cvkit.profile.source import _composed_in_c as composed_in_c
from cvkit.profile.source import read_text
from cvkit.support.limits import NESTED, LimitError, past_limits, too_deep
from cvkit.support.resources import resource_dir

SCHEMA_LINE = "# yaml-language-server: $schema={schema}\n"


def schema_uri() -> str:
    local = resource_dir("schemas") / "profile.schema.json"
    return local.as_uri() if local.is_file() else "profile.schema.json"


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.default_flow_style = False
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # one value per line: pleasant to edit and to diff
    yaml.allow_unicode = True
    return yaml


def prune(value: Any) -> Any:
    """Drop None, empty strings, lists and mappings, so the file has no `null`s."""
    if isinstance(value, dict):
        out = {k: prune(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [prune(v) for v in value if v not in (None, "", [], {})]
    return value


def ordered(data: dict[str, Any]) -> dict[str, Any]:
    """Keys in the order the model declares them (name first, layout last)."""
    order = list(Profile.model_fields)
    return {k: data[k] for k in sorted(data, key=lambda k: order.index(k)
                                       if k in order else len(order))}


def dump_profile(data: dict[str, Any]) -> str:
    return SCHEMA_LINE.format(schema=schema_uri()) + dump_plain(data)


def dump_plain(data: dict[str, Any]) -> str:
    """Profile data as YAML with no schema line (which names a folder of this machine)."""
    buffer = io.StringIO()
    _yaml().dump(ordered(prune(data)), buffer)
    return buffer.getvalue()


def check_yaml(text: str, file: Path | None, first_line: int = 1) -> None:
    """Refuse YAML someone else wrote (a page's front matter, a site's ``_config.yml``, the
    profile an import merges into) before any loader builds it, by the profile loader's own
    limits: nested deeper than MAX_DEPTH, or expanding (its aliases followed) to more than
    MAX_NODES values, is a ``LimitError``. ``first_line`` is the line the text starts on in
    ``file``. A syntax error is left for the loader that reads the text next to report."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    if (where := too_deep(text)) is not None:
        raise LimitError(file, NESTED, where[0] + first_line - 1)
    try:
        node = composed_in_c(text)
        if node is None:
            node = YAML(typ="safe", pure=True).compose(text)
    except RecursionError:
        raise LimitError(file, NESTED) from None
    except YAMLError:
        return
    if node is not None and (past := past_limits(node)) is not None:
        raise LimitError(file, past[1], past[0].start_mark.line + first_line)


def load_yaml(text: str, file: Path | None, first_line: int = 1) -> Any:
    """Plain data from YAML someone else wrote, as ``YAML(typ="safe")`` reads it, once
    ``check_yaml`` has found it within the limits. Its syntax errors are ruamel's
    (``MarkedYAMLError``), for the caller to place."""
    from ruamel.yaml import YAML

    check_yaml(text, file, first_line)
    return YAML(typ="safe").load(text)


def load_roundtrip(path: Path) -> Any:
    """A profile to edit and write back (the one an import merges into), read within the
    loader's limits (``cvkit.support.limits``) before ruamel.yaml builds it."""
    text = read_text(path)
    check_yaml(text, path)
    return parse_roundtrip(text)


def parse_roundtrip(text: str) -> Any:
    """YAML text with its comments and order, to edit and write back."""
    return _yaml().load(text)


def dump_roundtrip(document: Any) -> str:
    buffer = io.StringIO()
    _yaml().dump(document, buffer)
    return buffer.getvalue()
