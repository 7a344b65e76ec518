"""XML sources for the mapping language: records picked by an XPath-like path, each read into
nested values that ``column`` paths reach (``INDIVIDUAL_ALIAS/ALIAS_NAME``, ``@type``).

An element with neither children nor attributes is its text; otherwise a dict of child tags
(each a list, since XML repeats elements) plus ``@attribute`` values and ``#text``. DOCTYPE and
ENTITY declarations are refused (no entity expansion, no external fetches). Each record keeps
the line its element starts on.

>>> rows = list(xml_records('''<LIST><PEOPLE>
... <P id="7"><NAME>Ana</NAME><NAT><V>Iraq</V><V>Syria</V></NAT></P>
... </PEOPLE></LIST>''', "LIST/PEOPLE/P", "l.xml"))
>>> rows[0][0], rows[0][1]["@id"], rows[0][1]["NAME"], rows[0][1]["NAT"]
(2, '7', ['Ana'], [{'V': ['Iraq', 'Syria']}])
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from xml.parsers import expat

from ipas.errors import BadInput, Refused

_CHUNK = 1 << 16
_DECLARATION = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.I)


class _Node:
    __slots__ = ("attrs", "children", "line", "tag", "text")

    def __init__(self, tag: str, attrs: dict[str, str], line: int) -> None:
        self.tag, self.attrs, self.line = tag, attrs, line
        self.children: list[_Node] = []
        self.text: list[str] = []

    def value(self) -> Any:
        text = "".join(self.text).strip()
        if not self.children and not self.attrs:
            return text
        out: dict[str, Any] = {f"@{k}": v for k, v in self.attrs.items()}
        for child in self.children:
            out.setdefault(child.tag, []).append(child.value())
        if text:
            out["#text"] = text
        return out


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].rsplit(" ", 1)[-1]  # namespaces aside: the local name


def xml_records(text: str, path: str, source: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line, values)`` of every element at ``path`` (root first; ``*`` matches any tag)."""
    found = _DECLARATION.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        raise Refused("XML DOCTYPE and ENTITY declarations are refused", source=source, line=line)
    steps = [p for p in path.strip("/").split("/") if p]
    if not steps:
        raise BadInput("source.records must name the record elements, e.g. LIST/ITEMS/ITEM",
                       source=source, field="source.records")
    parser = expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[_Node] = []
    done: list[tuple[int, dict[str, Any]]] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        node = _Node(_local(name), {_local(k): v for k, v in attrs.items()},
                     parser.CurrentLineNumber)
        if stack and len(stack) > len(steps) - 1:
            stack[-1].children.append(node)  # inside a record: keep the subtree
        stack.append(node)

    def end(name: str) -> None:
        node = stack.pop()
        if len(stack) + 1 == len(steps) and all(
            s in ("*", n.tag) for s, n in zip(steps, [*stack, node], strict=True)
        ):
            value = node.value()
            record = value if isinstance(value, dict) else {"#text": value}
            record["#tag"] = node.tag  # which kind of element (records: LIST/*/*)
            done.append((node.line, record))

    def chars(data: str) -> None:
        if len(stack) >= len(steps):
            stack[-1].text.append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        for at in range(0, len(text), _CHUNK):  # records go out as they close
            parser.Parse(text[at : at + _CHUNK], False)
            yield from done
            done.clear()
        parser.Parse("", True)
    except expat.ExpatError as exc:
        raise BadInput(f"invalid XML: {expat.ErrorString(exc.code)}", source=source,
                       line=exc.lineno) from exc
    yield from done
