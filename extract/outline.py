"""One outline tree per document: sections, lists and items, built once from the blocks' markers.

Readers record each block's marker as printed (extract/markers.py); here blocks are nested by marker *style*:
a marker of a style already open closes what was opened under it and becomes its sibling ("b)" after "a)"'s
bullets), a new style opens a list under the item above ("a)" under "1."). A numbered item whose line ends with
":" and is followed by a "1." of its own style opens a nested list rather than restarting its own. An unmarked
all-caps line or a heading the format marks closes every list (the title of a new part); a paragraph with no
marker belongs to the item above it, after closing the bullet lists that a sentence in upper case ends. Tables
go into the item they follow. Every node knows its kind, marker, ordinal, head block, children and span, so a
component asks "the items under the node whose title is 'Mục tiêu'" instead of scanning lines again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from extract.document import Block, BlockKind, Document
from extract.markers import Marker, parse_marker
from extract.markup import fold_spaces, mostly_upper

_ADDRESS = ("kính thưa", "thưa ")  # a speech's address to its audience
_CLOSING = ("nơi nhận", "tm.", "kt.", "q.", "tl.", "tuq.", "trên đây")


@dataclass(eq=False)
class Node:
    kind: str  # "document", "section", "list", "item", "paragraph", "table"
    block: Block | None = None  # the head block (None for the document and for lists)
    index: int | None = None  # the head block's index in Document.blocks
    marker: str | None = None
    style: str | None = None
    ordinal: int | None = None
    children: list[Node] = field(default_factory=list)
    parent: Node | None = field(default=None, repr=False)

    @property
    def title(self) -> str:
        """The head's text without its marker."""
        if self.block is None or self.block.kind is BlockKind.table:
            return ""
        text = self.block.text
        m = parse_marker(text) if self.marker else None
        return fold_spaces(text[m.end:] if m else text).strip()

    def add(self, child: Node) -> Node:
        child.parent = self
        self.children.append(child)
        return child

    def walk(self) -> Iterator[Node]:
        """This node and every node under it, in document order."""
        yield self
        for c in self.children:
            yield from c.walk()

    def blocks(self) -> Iterator[tuple[int, Block]]:
        """(index, block) of the head and of everything under it, in document order."""
        for n in self.walk():
            if n.block is not None and n.index is not None:
                yield n.index, n.block

    def items(self) -> list[Node]:
        """The items of the lists directly under this node (or of this list)."""
        lists = [self] if self.kind == "list" else [c for c in self.children if c.kind == "list"]
        return [i for lst in lists for i in lst.children if i.kind in {"item", "section"}]

    def body(self) -> list[Node]:
        """The paragraphs and tables directly under this node (not its lists)."""
        return [c for c in self.children if c.kind in {"paragraph", "table"}]

    @property
    def span(self) -> tuple[int, int]:
        spans = [(b.start, b.end) for _, b in self.blocks()]
        if not spans:
            return (0, 0)
        return spans[0][0], max(e for _, e in spans)

    @property
    def depth(self) -> int:
        d, n = 0, self.parent
        while n is not None:
            if n.kind != "list":
                d += 1
            n = n.parent
        return d

    def ancestors(self) -> Iterator[Node]:
        n = self.parent
        while n is not None:
            yield n
            n = n.parent


@dataclass
class Outline:
    root: Node
    nodes: dict[int, Node]  # block index → the node it heads

    def node_of(self, index: int) -> Node | None:
        return self.nodes.get(index)


def is_caps_line(text: str) -> bool:
    return len(text) < 120 and mostly_upper(text, 2)


def _style(block: Block, marker: Marker) -> str:
    # Word's own list level tells two bullet lists of one glyph apart
    if not marker.enumerated and block.list_level is not None:
        return f"{marker.style}@{block.list_level}"
    return marker.style


def _marker_of(block: Block) -> Marker | None:
    if block.marker is None:
        return None
    m = parse_marker(block.text)
    if m is not None:
        return m
    # a marker the format drew outside the text (a Word bullet, a markdown "- ")
    drawn = parse_marker(block.marker + " x")
    if drawn is None:
        return Marker("•", block.marker, None, 0, False, False)
    return Marker(drawn.style, block.marker, drawn.ordinal, 0, drawn.enumerated, drawn.section)


def build_outline(doc: Document) -> Outline:
    root = Node("document")
    nodes: dict[int, Node] = {}
    stack: list[Node] = [root]  # open nodes: the root, then lists and their current items

    def deepest_item() -> Node:
        return stack[-1]

    def pop_to(node: Node) -> None:
        while stack[-1] is not node:
            stack.pop()

    def close_bullets() -> None:
        while len(stack) > 1 and stack[-1].kind == "item" and stack[-1].ordinal is None:
            stack.pop()  # the item
            stack.pop()  # its list

    for i, b in enumerate(doc.blocks):
        if b.kind is BlockKind.table:
            close_bullets()
            nodes[i] = deepest_item().add(Node("table", b, i))
            continue
        text = b.text.strip()
        marker = _marker_of(b)
        low = text.casefold()
        if b.role in {"footnote", "layout", "textbox"}:
            # a layout table's lines, a text box, a footnote: beside the flow of the text, which goes on after it
            nodes[i] = root.add(Node("paragraph", b, i))
            continue
        if marker is None and low.startswith(_CLOSING):
            # the closing block ("Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "Trên đây là …"): outside every list
            pop_to(root)
            nodes[i] = root.add(Node("paragraph", b, i))
            continue
        if marker is None and low.startswith(_ADDRESS):
            # a speech turning to its audience ("Thưa toàn thể các đồng chí!") between its parts: the list before
            # it has ended; the part it opens goes on in the same section
            while len(stack) > 1 and stack[-1].kind != "section":
                stack.pop()
            nodes[i] = deepest_item().add(Node("paragraph", b, i))
            continue
        if marker is None and (b.kind is BlockKind.heading or is_caps_line(text)):
            # an unmarked title line: a new part of the document
            pop_to(root)
            node = root.add(Node("section", b, i, style="heading"))
            stack.append(node)
            nodes[i] = node
            continue
        if marker is None:
            if text[:1].isupper() or text[:1].isdigit():
                close_bullets()
            if stack[-1].kind == "paragraph":
                stack.pop()  # an intro's list ended before this paragraph, or it had none
            node = deepest_item().add(Node("paragraph", b, i))
            nodes[i] = node
            if text.endswith(":"):
                stack.append(node)  # "Các chỉ tiêu cụ thể:": the list after it is the intro's
            continue
        style = _style(b, marker)
        kind = "section" if marker.section else "item"
        open_lists = [k for k in range(len(stack) - 1, 0, -1) if stack[k].kind == "list" and stack[k].style == style]
        # two open lists of one style (a nested "1., 2." under an item "1."): the one this number continues
        found = next((k for k in open_lists if marker.ordinal is not None and stack[k].children
                      and stack[k].children[-1].ordinal == marker.ordinal - 1), open_lists[0] if open_lists else None)
        top = deepest_item()
        # "2. Các chỉ tiêu cụ thể:" then "1. …": a list of its own under the item, not a restart of the list
        nested_restart = (found is not None and marker.ordinal == 1 and (top.style == style or top.kind == "paragraph")
                          and top.block is not None and top.block.text.rstrip().endswith(":"))
        if found is not None and not nested_restart:
            pop_to(stack[found])
            lst = stack[-1]
        else:
            if marker.section:
                # "II- MỤC TIÊU" after the preamble's bullets: a part of the document is never inside an item
                while len(stack) > 1 and stack[-1].kind != "section":
                    stack.pop()
            lst = deepest_item().add(Node("list", style=style))
            stack.append(lst)
        item = lst.add(Node(kind, b, i, marker=marker.printed, style=style, ordinal=marker.ordinal))
        stack.append(item)
        nodes[i] = item
    return Outline(root, nodes)


def render(outline: Outline, width: int = 70) -> str:
    """The tree as indented lines (for tests and for reading a document's shape)."""
    lines: list[str] = []

    def visit(n: Node, depth: int) -> None:
        if n.kind == "list":
            for c in n.children:
                visit(c, depth)
            return
        if n.kind != "document":
            label = n.title if n.kind != "table" else f"<table {len(n.block.rows) if n.block else 0} rows>"
            lines.append("  " * depth + f"{n.kind}" + (f" {n.marker}" if n.marker else "") + f": {label[:width]}")
        for c in n.children:
            visit(c, depth + (n.kind != "document"))

    visit(outline.root, 0)
    return "\n".join(lines)
