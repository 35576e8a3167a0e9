"""Components over one document's outline tree, each declaring what it reads and what it assigns.

Like spaCy's pipeline components over one Doc: a component reads the document model, its outline (built once,
extract/outline.py) and what earlier components assigned (`reads`), and assigns its own results (`assigns`),
recording the blocks it claims as its layer of the document. What no layer claims is reported as unplaced text.
"""
