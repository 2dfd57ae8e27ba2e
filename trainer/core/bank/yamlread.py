"""Reading a bank's YAML into plain data plus the line of every container and key.

PyYAML's composer and constructor build a node object for every scalar and resolve every plain
scalar against a dozen regular expressions in Python; on a 50,000-question bank that is ~85 % of
the load time. Banks are mostly plain mappings of Chinese text, so the fast path builds the data
straight from libyaml's events, resolves only the plain scalars that could be something other
than text, and records lines for containers and keys only. Anything it does not expect
(anchors, aliases, explicit tags, merge keys, complex keys, several documents, syntax errors)
sends the text down PyYAML's own path, which gives the same data and its own error messages.

Banks are files people pass around, so both paths refuse what could harm the reader
(:class:`YamlRefused`): aliases (a 479-byte alias bomb expands to gigabytes once walked),
nesting deeper than :data:`MAX_DEPTH`, and duplicate keys (a second ``questions:`` would
silently replace the first), each with the line to fix.
"""

from __future__ import annotations

from typing import Any

# Every plain scalar that YAML 1.1 reads as a bool or null and that starts with a letter.
_WORDS = frozenset(
    [
        "yes",
        "Yes",
        "YES",
        "no",
        "No",
        "NO",
        "true",
        "True",
        "TRUE",
        "false",
        "False",
        "FALSE",
        "on",
        "On",
        "ON",
        "off",
        "Off",
        "OFF",
        "null",
        "Null",
        "NULL",
    ]
)
MAX_DEPTH = 32
"""Deepest nesting of mappings and sequences accepted (a bank needs 4)."""


class YamlRefused(Exception):
    """The YAML is valid but not accepted in a bank: ``problems`` holds ``(line, key, values)``
    for each place to fix; ``key`` is a message key of the bank catalog."""

    def __init__(self, problems: list[tuple[int, str, dict[str, object]]]) -> None:
        super().__init__(problems)
        self.problems = problems


def _alias_refused(line: int) -> YamlRefused:
    return YamlRefused([(line, "bank.file.alias", {})])


def _too_deep(line: int) -> YamlRefused:
    return YamlRefused([(line, "bank.file.too_deep", {"most": MAX_DEPTH})])


def _duplicate(key: object, first: int, second: int) -> tuple[int, str, dict[str, object]]:
    return (second, "bank.file.duplicate_key", {"key": str(key), "first": first})


_NOT_TEXT_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "timestamp")
)


def yaml_module() -> Any:
    """PyYAML, imported on first use: the app reads banks from the pickle cache at start-up
    and should not pay for the import."""
    import yaml

    return yaml


class Where:
    """Where a mapping or sequence stands: its 1-based line; for a mapping the line of each key
    and the places of the values that are containers (a scalar value is placed at its key's
    line, see :func:`child`); for a sequence the place of each item (a scalar is its line)."""

    __slots__ = ("line", "keys", "children", "items")

    def __init__(self, line: int, *, mapping: bool) -> None:
        self.line = line
        self.keys: dict[str, int] | None = {} if mapping else None
        self.children: dict[str, Where | int] | None = {} if mapping else None
        self.items: list[Where | int] | None = None if mapping else []


Place = Where | int


def line_of(place: Place | None, default: int = 0) -> int:
    """The 1-based line of a place (``default`` when there is none)."""
    if place is None:
        return default
    return place if isinstance(place, int) else place.line


def lines_of(place: Place) -> tuple[int, dict[str, int]]:
    """The place's line and, for a mapping, the line of each key."""
    if isinstance(place, int):
        return place, {}
    return place.line, place.keys or {}


def child(place: Place | None, key: str) -> Place | None:
    """The place of a mapping's value, by the key as written.

    A scalar value's place is its key's line (the fast path records no more for scalars).
    """
    if isinstance(place, Where) and place.children is not None:
        found = place.children.get(key)
        if found is None and place.keys is not None:
            return place.keys.get(key)
        return found
    return None


def items_of(place: Place | None) -> list[Place] | None:
    """The places of a sequence's items, or None when it is not a sequence."""
    if isinstance(place, Where):
        return place.items
    return None


class _Unexpected(Exception):
    """The fast path met something it leaves to PyYAML."""


def read_yaml(text: str, *, key_lines: bool = True) -> tuple[Any, Place]:
    """The single document of ``text`` as plain data, with the places of its parts.

    Args:
        text: the YAML text.
        key_lines: record the line of every mapping key. Only error messages need them, so the
            loader reads without them first (~8 % faster) and again with them when the bank
            has problems to report. Container lines are always recorded.

    Returns:
        ``(data, place)``; data is None for a document without content.

    Raises:
        yaml.YAMLError: the text is not valid YAML (as PyYAML reports it).
        YamlRefused: valid YAML that a bank may not use (aliases, deep nesting, duplicate
            keys). Without ``key_lines`` only the first duplicate key is reported, on its
            second line: read again with them to get every one with both lines.
    """
    try:
        return _from_events(text, key_lines)
    except YamlRefused:
        raise
    except _Unexpected:
        return _from_nodes(text)
    except Exception:  # noqa: BLE001 - any doubt: PyYAML's own path decides and reports
        return _from_nodes(text)


def _from_nodes(text: str) -> tuple[Any, Place]:
    yaml = yaml_module()
    _refuse_aliases_and_depth(yaml, text)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, 0
        duplicates: list[tuple[int, str, dict[str, object]]] = []
        place = _place_of_node(node, duplicates)
        if duplicates:
            raise YamlRefused(duplicates)
        return loader.construct_document(node), place
    finally:
        loader.dispose()


def _refuse_aliases_and_depth(yaml: Any, text: str) -> None:
    """Refuse an alias or too deep a nesting before anything is built: composing and walking
    the nodes of an alias bomb is what takes the gigabytes."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent):
                raise _alias_refused(event.start_mark.line + 1)
            if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _too_deep(event.start_mark.line + 1)
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                depth -= 1
    finally:
        loader.dispose()


def _place_of_node(node: Any, duplicates: list[tuple[int, str, dict[str, object]]]) -> Place:
    yaml = yaml_module()
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        where = Where(line, mapping=True)
        assert where.keys is not None and where.children is not None
        for key_node, value_node in node.value:
            key = str(key_node.value)
            key_line = key_node.start_mark.line + 1
            if key in where.keys:
                duplicates.append(_duplicate(key, where.keys[key], key_line))
            where.keys[key] = key_line
            if not isinstance(value_node, yaml.ScalarNode):
                where.children[key] = _place_of_node(value_node, duplicates)
        return where
    if isinstance(node, yaml.SequenceNode):
        where = Where(line, mapping=False)
        assert where.items is not None
        where.items.extend(_place_of_node(item, duplicates) for item in node.value)
        return where
    return line


def _from_events(text: str, key_lines: bool = True) -> tuple[Any, Place]:
    yaml = yaml_module()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        return _build_from_events(yaml, loader.get_event, key_lines)
    finally:
        loader.dispose()


def _build_from_events(yaml: Any, get_event: Any, key_lines: bool) -> tuple[Any, Place]:
    scalar_event = yaml.ScalarEvent
    mapping_start, mapping_end = yaml.MappingStartEvent, yaml.MappingEndEvent
    sequence_start, sequence_end = yaml.SequenceStartEvent, yaml.SequenceEndEvent
    stream_end = yaml.StreamEndEvent
    resolve, candidates = _scalar_resolver(yaml)

    # The open containers, innermost last, as parallel stacks. This loop runs once per event,
    # ~700,000 times for 50,000 questions, so it avoids calls and attribute lookups: events
    # are pulled with get_event (no generator), plain text is recognised inline, and a scalar
    # value's line is not recorded (its key's line says where it is, see child()).
    datas: list[Any] = []  # the dict or list being filled
    places: list[Where] = []
    is_map: list[bool] = []
    pending: list[Any] = []  # a mapping's key waiting for its value: (raw, resolved) or None
    root: tuple[Any, Place] | None = None
    documents = 0
    duplicates: list[tuple[int, str, dict[str, object]]] = []

    while True:
        event = get_event()
        kind = event.__class__
        if kind is scalar_event:
            if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                raise _Unexpected("anchor or tag")
            raw = event.value
            # libyaml reports a plain scalar with style "" (the pure-Python parser with None).
            if event.style or not event.implicit[0] or (raw and raw[0] not in candidates):
                value = raw
            else:
                value = resolve(raw)
            if not datas:
                root = (value, event.start_mark.line + 1)
            elif is_map[-1]:
                key = pending[-1]
                if key is None:
                    if raw == "<<" and not event.style:
                        raise _Unexpected("merge key")
                    pending[-1] = (raw, value)
                    if value in datas[-1]:
                        _duplicate_key(places[-1], raw, event, key_lines, duplicates)
                    elif key_lines:
                        places[-1].keys[raw] = event.start_mark.line + 1  # type: ignore[index]
                else:
                    datas[-1][key[1]] = value
                    pending[-1] = None
            else:
                datas[-1].append(value)
                places[-1].items.append(event.start_mark.line + 1)  # type: ignore[union-attr]
        elif kind is mapping_start or kind is sequence_start:
            if event.anchor is not None or not event.implicit:
                raise _Unexpected("anchor or tag")
            if datas and is_map[-1] and pending[-1] is None:
                raise _Unexpected("a complex key")
            if len(datas) >= MAX_DEPTH:
                raise _too_deep(event.start_mark.line + 1)
            mapping = kind is mapping_start
            datas.append({} if mapping else [])
            places.append(Where(event.start_mark.line + 1, mapping=mapping))
            is_map.append(mapping)
            pending.append(None)
        elif kind is mapping_end or kind is sequence_end:
            value, where = datas.pop(), places.pop()
            is_map.pop()
            pending.pop()
            if not datas:
                root = (value, where)
            elif is_map[-1]:
                key = pending[-1]
                datas[-1][key[1]] = value
                places[-1].children[key[0]] = where  # type: ignore[index]
                pending[-1] = None
            else:
                datas[-1].append(value)
                places[-1].items.append(where)  # type: ignore[union-attr]
        elif kind is stream_end:
            break
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Unexpected("several documents")
        elif kind is yaml.AliasEvent:
            raise _alias_refused(event.start_mark.line + 1)
    if duplicates:
        raise YamlRefused(duplicates)
    if root is None:
        return None, 0
    return root


def _duplicate_key(
    where: Where,
    raw: str,
    event: Any,
    key_lines: bool,
    duplicates: list[tuple[int, str, dict[str, object]]],
) -> None:
    """A key met a second time in one mapping: with key lines, note it with both lines and
    read on (every duplicate is reported); without, stop at once (the loader reads again)."""
    line = event.start_mark.line + 1
    if not key_lines:
        raise YamlRefused([_duplicate(raw, 0, line)])
    assert where.keys is not None
    duplicates.append(_duplicate(raw, where.keys.get(raw, where.line), line))
    where.keys[raw] = line


def _scalar_resolver(yaml: Any) -> tuple[Any, frozenset[str]]:
    """A function that gives a plain scalar its YAML 1.1 value, and the first characters that
    may make a plain scalar something other than text.

    The resolver picks its candidate patterns by the first character; a plain scalar whose
    first character has none (nearly all of a bank: Chinese text, ids) is text, and the caller
    keeps it without calling the function.
    """
    resolver = yaml.resolver.Resolver()
    candidates = frozenset(resolver.yaml_implicit_resolvers)
    constructor = yaml.constructor.SafeConstructor()
    constructors = constructor.yaml_constructors
    text_tag = "tag:yaml.org,2002:str"

    def resolve(raw: str) -> Any:
        if raw[:1].isalpha() and raw not in _WORDS:
            return raw  # letters start only the finite bool/null words (type: order, text …)
        tag = resolver.resolve(yaml.ScalarNode, raw, (True, False))
        if tag == text_tag:
            return raw
        if tag not in _NOT_TEXT_TAGS:
            raise _Unexpected(tag)  # merge "<<", value "=": PyYAML's path decides
        return constructors[tag](constructor, yaml.ScalarNode(tag, raw))

    return resolve, candidates
