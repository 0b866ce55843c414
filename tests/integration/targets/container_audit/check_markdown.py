# Render the Markdown report with a CommonMark parser (markdown-it-py, with GFM tables) and check
# that text from the API stayed text: no HTML, no link, no image, every table row keeps its
# columns, and each hostile name reads exactly as the API sent it (line breaks shown as \r, \n).
#   check_markdown.py REPORT_MD NAME...
import sys

from markdown_it import MarkdownIt

report_path, names = sys.argv[1], sys.argv[2:]
with open(report_path, encoding='utf-8') as handle:
    tokens = MarkdownIt('commonmark').enable('table').parse(handle.read())


def walk(items):
    for token in items:
        yield token
        yield from walk(token.children or [])


kinds = set(token.type for token in walk(tokens))
for forbidden in ('html_inline', 'html_block', 'image', 'link_open'):
    assert forbidden not in kinds, forbidden
# Cells: the text of each td, per row, per table.
rows, row, widths = [], None, {}
table = -1
for token in tokens:
    if token.type == 'table_open':
        table += 1
    elif token.type == 'tr_open':
        row = []
    elif token.type == 'inline' and row is not None:
        row.append(''.join(child.content for child in walk(token.children or []) if child.type in ('text', 'code_inline')))
    elif token.type == 'tr_close':
        widths.setdefault(table, set()).add(len(row))
        rows.append(row)
        row = None
assert all(len(width) == 1 for width in widths.values()), 'a table row with a wrong number of cells: %s' % widths
cells = set(cell for row in rows for cell in row)
for name in names:
    shown = name.replace('\r', '\\r').replace('\n', '\\n')
    assert shown in cells, 'the name %r is not a cell of its own as written: %r' % (name, sorted(cells)[:40])
print('the Markdown report keeps %d hostile names as plain text in %d tables' % (len(names), len(widths)))
