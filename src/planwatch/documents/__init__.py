"""The document toolkit every official document is made with: plan reports (`reports`) and
roll-ups (`rollup`). Plain modules, no models, no views, no queries: a caller builds its own
rows of strings and hands them over.

- `formats`: the three formats (`FORMATS`) and the document language (always Ukrainian).
- `word`: python-docx pages, fonts, paragraphs, grid tables, and the WordprocessingML
  python-docx has no API for (page numbers, repeated header rows, shading, fixed widths).
- `workbook`: xlsxwriter workbooks where text stays text (no formulas, no links).
- `charts`: matplotlib PNG charts (Agg, opaque RGB) in the dashboard's colours.
- `pdf_parallel`: WeasyPrint, and a long PDF laid out in two processes, joined and numbered.
"""
